// `--engine name=url[,token=ENV_VAR]`: a user's own running engine in the matrix. The token is
// named by an environment variable so it never appears on a command line or in a file.

import type { ExampleHost } from './hosts.js';

export interface EngineSpec {
  name: string;
  url: string;
  token?: string;
  /** Set for an example host this script starts itself. */
  host?: ExampleHost;
  hostDir?: string;
}

const NAME = /^[a-z0-9][a-z0-9._-]*$/i;

/** The parsed entry, or one line saying what is wrong with it. */
export function parseEngineSpec(text: string, env: Readonly<Record<string, string | undefined>>): EngineSpec | string {
  const [head = '', ...options] = text.split(',');
  const eq = head.indexOf('=');
  if (eq <= 0) return `--engine ${text}: expected name=url[,token=ENV_VAR]`;
  const name = head.slice(0, eq);
  const url = head.slice(eq + 1);
  if (!NAME.test(name)) return `--engine ${text}: the name may hold letters, digits, ".", "_" and "-" only`;
  let parsedUrl: URL;
  try {
    parsedUrl = new URL(url);
  } catch {
    return `--engine ${text}: "${url}" is not a URL`;
  }
  if (parsedUrl.protocol !== 'http:' && parsedUrl.protocol !== 'https:') return `--engine ${text}: the matrix runs over REST, so the URL must be http(s)://`;
  const spec: EngineSpec = { name, url };
  for (const option of options) {
    const [key, value = ''] = option.split('=', 2);
    if (key !== 'token' || value === '') return `--engine ${text}: unknown option "${option}" (only token=ENV_VAR)`;
    const token = env[value];
    if (token === undefined || token === '') return `--engine ${text}: environment variable ${value} is not set`;
    spec.token = token;
  }
  return spec;
}
