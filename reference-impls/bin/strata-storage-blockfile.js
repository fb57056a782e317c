#!/usr/bin/env node
// Starts the blockfile reference storage vendor (built by `npm run build`).
import "../dist/storage/blockfile/main.js";
