// Embedded runtime: finding the Java 17 JDK DynamoDB Local needs (java, and javac for its loopback launcher) in
// JAVA_HOME/bin or on PATH, without starting anything, so a machine without it is told so before anything is written.
import { accessSync, constants, statSync } from "node:fs";
import { delimiter, join } from "node:path";

export type JavaTool = "java" | "javac";

/** The Debian package that provides both tools (what `.ci/run` installs). */
export const javaPackage = "openjdk-17-jdk-headless";

/** The command the runtime runs for a tool: JAVA_HOME/bin/<tool> when JAVA_HOME is set, else the name, found on PATH. */
export function javaCommand(tool: JavaTool, env: NodeJS.ProcessEnv = process.env): string {
  return env["JAVA_HOME"] ? join(env["JAVA_HOME"], "bin", tool) : tool;
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where the tool the runtime would run is, or undefined when there is none. */
export function findJavaTool(tool: JavaTool, env: NodeJS.ProcessEnv = process.env): string | undefined {
  const command = javaCommand(tool, env);
  if (command !== tool) return executable(command) ? command : undefined;
  for (const dir of (env["PATH"] ?? "").split(delimiter)) {
    if (dir && executable(join(dir, tool))) return join(dir, tool);
  }
  return undefined;
}

/** The tools that are missing, in the order java, javac. */
export function missingJavaTools(env: NodeJS.ProcessEnv = process.env): JavaTool[] {
  return (["java", "javac"] as const).filter((tool) => findJavaTool(tool, env) === undefined);
}

/**
 * Throws one line naming what is missing and what to install. Called before the runtime creates or starts anything:
 * without it a missing `java` showed only when DynamoDB Local failed to come up.
 */
export function requireJava(env: NodeJS.ProcessEnv = process.env): void {
  const missing = missingJavaTools(env);
  if (missing.length === 0) return;
  const where = env["JAVA_HOME"] ? `in JAVA_HOME/bin (${join(env["JAVA_HOME"], "bin")})` : "on PATH";
  throw new Error(
    `Java 17 is missing: no ${missing.map((t) => `"${t}"`).join(" or ")} ${where}. DynamoDB Local runs on Java and ` +
      `its launcher is compiled with javac; install a JDK 17 (on Debian: apt-get install ${javaPackage}) or set JAVA_HOME`,
  );
}
