#!/usr/bin/env node
// Starts the fleet reference device vendor (built by `npm run build`).
import "../dist/device/fleet/main.js";
