#!/usr/bin/env node
// Starts the softswitch reference LAN vendor (built by `npm run build`).
import "../dist/network/softswitch/main.js";
