#!/usr/bin/env node
// Starts the probe reference device vendor (built by `npm run build`).
import "../dist/device/probe/main.js";
