import { mount } from "svelte";
import App from "./App.svelte";

const target = document.getElementById("app");
if (!target) throw new Error('src-renderer/index.html has no element with id "app" to mount Mull in');

export default mount(App, { target });
