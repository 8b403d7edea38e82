import { z } from "zod";

// The CSP forbids eval, and zod probes `new Function` when a schema is built (the probe alone is reported as a
// violation). Imported first by main.ts, so this runs before any contract schema is defined.
z.config({ jitless: true });
