// First: configures zod before the contract's schemas are built.
import "./services/zodJitless.js";
import { mount } from "svelte";
import "./app.css";
import App from "./App.svelte";
import { AppState } from "./stores/AppState.svelte.js";
import { mull } from "./services/transport.js";

const target = document.getElementById("app");
if (!target) throw new Error('src-renderer/index.html has no element with id "app" to mount Mull in');

export default mount(App, { target, props: { app: new AppState(mull) } });
