#!/usr/bin/env node
// Starts the directaccess reference user access vendor (built by `npm run build`).
import "../dist/access/directaccess/main.js";
