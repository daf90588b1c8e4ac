// Operators' console: what every page uses — building elements safely (text is never HTML), calling the public API
// with the signed-in token, reading the token's claims, and replacing the page's content.
import { config } from "./config.js";
import { lang, t } from "./i18n.js";

export const TOKEN = "jiebang.token";
const main = () => document.getElementById("main");

/** h("td", {class: "money"}, "¥1.00"): an element with attributes and children (text is always text, never HTML). */
export function h(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? "" : String(v));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export class ApiError extends Error {
  constructor(status, body) {
    super(
      `${status} ${body?.code ?? ""} ${lang() === "en" ? (body?.message ?? "") : (body?.messageZh ?? "")}`,
    );
    this.status = status;
  }
}

export async function api(path) {
  const token = sessionStorage.getItem(TOKEN);
  const response = await fetch(`${config.apiBase}${path}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) {
    sessionStorage.removeItem(TOKEN);
    location.hash = "#/signin";
    throw new ApiError(401, body);
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

/** Every item of a paged list route (`items` and `next`), up to `max`. */
export async function apiAll(path, max = 2000) {
  const items = [];
  let cursor;
  do {
    const sep = path.includes("?") ? "&" : "?";
    const page = await api(`${path}${cursor ? `${sep}cursor=${encodeURIComponent(cursor)}` : ""}`);
    items.push(...page.items);
    cursor = page.next;
  } while (cursor && items.length < max);
  return items;
}

export function claims() {
  const token = sessionStorage.getItem(TOKEN);
  if (!token) return undefined;
  try {
    const part = token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
    const json = new TextDecoder().decode(Uint8Array.from(atob(part), (c) => c.charCodeAt(0)));
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** The signed-in roles (Cognito groups). */
export function myRoles() {
  return [].concat(claims()?.["cognito:groups"] ?? []);
}

export const can = (...allowed) => myRoles().some((r) => allowed.includes(r));

export function show(...nodes) {
  main().replaceChildren(...nodes);
}

/** Shows the error a page ran into in place of the page. */
export function failed(error) {
  show(h("p", { class: "error", "data-testid": "page-error" }, `${t("error")}: ${error.message}`));
}
