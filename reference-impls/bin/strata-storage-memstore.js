#!/usr/bin/env node
// Starts the memstore reference storage vendor (built by `npm run build`).
import "../dist/storage/memstore/main.js";
