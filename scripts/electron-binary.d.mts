/** Where the Electron binary is; `path` is null (with the reason) when it is not installed. */
export function electronBinary(): { path: string | null; reason: string | null }
