#!/usr/bin/env node
// The `strata` command (built by `npm run build`).
import "../dist/cli/main.js";
