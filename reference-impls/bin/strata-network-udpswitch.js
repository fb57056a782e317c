#!/usr/bin/env node
// Starts the udpswitch reference LAN vendor (built by `npm run build`).
import "../dist/network/udpswitch/main.js";
