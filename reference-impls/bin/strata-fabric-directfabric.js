#!/usr/bin/env node
// Starts the directfabric reference fabric vendor (built by `npm run build`).
import "../dist/fabric/directfabric/main.js";
