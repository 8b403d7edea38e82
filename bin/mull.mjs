#!/usr/bin/env node
// The `mull` command. The CLI is TypeScript run through tsx, so there is no separate build step to forget.
import { register } from "tsx/esm/api";

register();
await import("../src-main/cli/main.ts");
