#!/usr/bin/env node
// Starts the reference hub (built by `npm run build`).
import "../dist/hub/main.js";
