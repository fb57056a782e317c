#!/usr/bin/env node
// Starts the threadpool reference compute vendor (built by `npm run build`).
import "../dist/compute/threadpool/main.js";
