// The Electron entry. Core finds the bundled models folder from its own file's place, which bundling moves, so
// the folder is set here from the app's root before the shell (and core with it) is loaded.
import path from "node:path";
import { app } from "electron";

process.env.MULL_MODELS_DIR ??= path.join(app.getAppPath(), "models");
void import("./shell.js");
