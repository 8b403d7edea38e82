import type { MullClient } from "../../../src-main/api/mullApi.js";
import type { ModelEntry } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";

/** What the Models view asks before it drops unsaved edits (switching model or tab, closing the editor). */
export const DISCARD_QUESTION = "The profile has unsaved edits. Leave the editor and lose them?";

/** The profile being edited: the text as opened and as it is now, and what the last save said. */
export class ProfileDraft {
  readonly path: string;
  /** The text as the editor opened it, or as last saved. */
  original = $state("");
  text = $state("");
  /** Set after a save that wrote a user copy of a bundled model: the copy's model path. */
  copiedTo = $state<string | null>(null);
  unsaved = $derived(this.text !== this.original);

  constructor(path: string, text: string) {
    this.path = path;
    this.original = text;
    this.text = text;
  }
}

/** The model library, as listModels returns it, and saving an edited profile. */
export class ModelsStore {
  readonly #client: MullClient;
  models = $state.raw<ModelEntry[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);
  /** The user models folder (imports and user copies of bundled profiles go there); null until `info` answers. */
  userModelsDir = $state<string | null>(null);
  /** The profile open in the editor, if any. */
  draft = $state<ProfileDraft | null>(null);
  /** Whether the open editor holds edits that are not saved. */
  unsaved = $derived(this.draft?.unsaved ?? false);

  /** Policies for solving: a profile's `tasks` (default ["solve"]) leaves out the embedded reader. */
  policies = $derived(this.models.filter((m) => m.kind === "policy" && m.usable && tasksOf(m).includes("solve")));
  /** Models that can read into a structured memory: profiles listing `read`, and chat models. */
  readers = $derived(
    this.models.filter(
      (m) =>
        m.kind === "policy" &&
        m.usable &&
        (tasksOf(m).includes("read") || (m.profile?.kind === "policy" && m.profile.promptFormat === "chat")),
    ),
  );
  /** Models to chat with: the solving policies and any chat-template model (the embedded reader is neither). */
  chatModels = $derived(
    this.models.filter(
      (m) =>
        m.kind === "policy" &&
        m.usable &&
        (tasksOf(m).includes("solve") || (m.profile?.kind === "policy" && m.profile.promptFormat === "chat")),
    ),
  );
  prms = $derived(this.models.filter((m) => m.kind === "prm" && m.usable));
  /** Models that write Proof of Thought programs for the Prove view: profiles listing the task `prove`. */
  provers = $derived(this.models.filter((m) => m.kind === "policy" && m.usable && tasksOf(m).includes("prove")));

  constructor(client: MullClient) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
      if (this.userModelsDir === null) this.userModelsDir = (await this.#client.call("info", {})).userModelsDir;
      this.models = await this.#client.call("listModels", {});
      this.error = null;
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.loading = false;
    }
  }

  /**
   * Adds the model file at `path` to the user models folder (copied, or linked). Returns null on success (the library
   * is rescanned) or the one-sentence reason it was refused, for the form to show in place.
   */
  async importModel(path: string, link: boolean): Promise<string | null> {
    if (path.trim() === "") return "Give the path of a .gguf or .onnx file.";
    try {
      await this.#client.call("importModel", { path: path.trim(), link });
      await this.refresh();
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }

  /** Opens a model's profile in the editor (nothing when the model is not in the library). */
  edit(path: string): void {
    const model = this.models.find((m) => m.path === path);
    if (model) this.draft = new ProfileDraft(path, profileText(model));
  }

  /**
   * Whether the editor may be left (another model, another tab, closed): yes when nothing is unsaved, else as
   * `ask` answers DISCARD_QUESTION (the view passes the browser's confirm); leaving drops the draft.
   */
  leaveEditor(ask: (question: string) => boolean): boolean {
    if (this.unsaved && !ask(DISCARD_QUESTION)) return false;
    this.draft = null;
    return true;
  }

  /**
   * Saves the draft as the profile of its model. Returns null on success or the one-sentence reason it was
   * refused, for the editor to show in place. The app never writes a bundled model's files: it saves a user copy
   * (a different path), which joins the list and becomes the draft's model.
   */
  async saveDraft(): Promise<string | null> {
    const draft = this.draft;
    if (!draft) return null;
    let profile: unknown;
    try {
      profile = JSON.parse(draft.text);
    } catch (error) {
      return `The profile is not valid JSON: ${errorMessage(error)}.`;
    }
    try {
      const saved = await this.#client.call("saveProfile", { modelPath: draft.path, profile });
      const known = this.models.some((m) => m.path === saved.path);
      this.models = known ? this.models.map((m) => (m.path === saved.path ? saved : m)) : [...this.models, saved];
      const next = new ProfileDraft(saved.path, draft.text);
      next.copiedTo = saved.path === draft.path ? null : saved.path;
      this.draft = next;
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }
}

/** What the editor starts from: the profile without the two paths the library resolves (they are not saved). */
function profileText(model: ModelEntry): string {
  if (!model.profile) return "{\n  \n}";
  const { profilePath: _p, modelPath: _m, ...profile } = model.profile;
  return JSON.stringify(profile, null, 2);
}

/** What a policy profile says it is for; ["solve"] without a profile. */
function tasksOf(m: ModelEntry): readonly string[] {
  return m.profile?.kind === "policy" ? m.profile.tasks : ["solve"];
}
