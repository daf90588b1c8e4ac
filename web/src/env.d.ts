// Workbench: Vite's client types (CSS imports, import.meta.env) for the type check.
/// <reference types="vite/client" />
