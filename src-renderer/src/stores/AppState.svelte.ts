import type { MullClient } from "../../../src-main/api/mullApi.js";
import { ChatState } from "./ChatState.svelte.js";
import { CompareState } from "./CompareState.svelte.js";
import { ExperimentsState } from "./ExperimentsState.svelte.js";
import { MemoryState } from "./MemoryState.svelte.js";
import { ModelsStore } from "./ModelsStore.svelte.js";
import { ProblemsStore } from "./ProblemsStore.svelte.js";
import { ResourcesStore } from "./ResourcesStore.svelte.js";
import { SolveState } from "./SolveState.svelte.js";
import { ThemeStore } from "./ThemeStore.svelte.js";

export type ViewName = "solve" | "compare" | "chat" | "memory" | "experiments" | "models" | "resources";

/** Every store of the app, created once over one transport, so views keep their state across tab switches. */
export class AppState {
  view = $state<ViewName>("solve");
  readonly theme = new ThemeStore();
  readonly models: ModelsStore;
  readonly problems: ProblemsStore;
  readonly resources: ResourcesStore;
  readonly solve: SolveState;
  readonly compare: CompareState;
  readonly memory: MemoryState;
  readonly chat: ChatState;
  readonly experiments: ExperimentsState;

  constructor(client: MullClient) {
    this.models = new ModelsStore(client);
    this.problems = new ProblemsStore(client);
    this.resources = new ResourcesStore(client);
    this.solve = new SolveState(client);
    this.compare = new CompareState(client);
    this.memory = new MemoryState(client);
    this.chat = new ChatState(client);
    this.experiments = new ExperimentsState(client);
  }
}
