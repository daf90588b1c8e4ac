// Workbench (follow-up): loading a project's follow-up record that may not exist yet (404 → null) and today's date.
import { ApiError } from "../../api/client.ts";

/** The record, or null when the API answers 404 (none yet) or 409 (not yet possible: the task book is unsigned). */
export async function orNone<T>(load: Promise<T>): Promise<T | null> {
  try {
    return await load;
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
    throw error;
  }
}

/** Today in Beijing as YYYY-MM-DD (a date field's default). */
export const todayInBeijing = (): string => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);
