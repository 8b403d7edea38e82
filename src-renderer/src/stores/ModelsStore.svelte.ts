import type { MullClient } from "../../../src-main/api/mullApi.js";
import type { ModelEntry } from "../../../src-main/api/wireTypes.js";
import { errorMessage } from "../services/MullCallError.js";

/** The model library, as listModels returns it, and saving an edited profile. */
export class ModelsStore {
  readonly #client: MullClient;
  models = $state.raw<ModelEntry[]>([]);
  loading = $state(false);
  error = $state<string | null>(null);

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

  constructor(client: MullClient) {
    this.#client = client;
  }

  async refresh(): Promise<void> {
    this.loading = true;
    try {
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

  /**
   * Saves `text` as the profile of the model at `modelPath`. Returns null on success (the entry is replaced by the
   * saved one) or the one-sentence reason it was refused, for the editor to show in place.
   */
  async saveProfile(modelPath: string, text: string): Promise<string | null> {
    let profile: unknown;
    try {
      profile = JSON.parse(text);
    } catch (error) {
      return `The profile is not valid JSON: ${errorMessage(error)}.`;
    }
    try {
      const saved = await this.#client.call("saveProfile", { modelPath, profile });
      this.models = this.models.map((m) => (m.path === modelPath ? saved : m));
      return null;
    } catch (error) {
      return errorMessage(error);
    }
  }
}

/** What a policy profile says it is for; ["solve"] without a profile. */
function tasksOf(m: ModelEntry): readonly string[] {
  return m.profile?.kind === "policy" ? m.profile.tasks : ["solve"];
}
