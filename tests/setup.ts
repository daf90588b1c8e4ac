// Test setup for every vitest worker: the Node 20 polyfill the local Step Functions engine needs.
import "../local/polyfills.ts";
