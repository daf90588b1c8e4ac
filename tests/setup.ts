// Test setup for every vitest worker: the Node 20 polyfill the local Step Functions engine needs, and quiet logs.
import "../local/polyfills.ts";

process.env["LOG_LEVEL"] ??= "silent";
