#!/usr/bin/env node
// Starts the creditfabric reference fabric vendor (built by `npm run build`).
import "../dist/fabric/creditfabric/main.js";
