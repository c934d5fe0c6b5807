export function appUserData(o: {
  env: Record<string, string | undefined>
  platform: string
  home: string
}): string
export function servedBoard(o: {
  env: Record<string, string | undefined>
  platform: string
  home: string
  token?: string
}): { dir: string; token: string; args: string[]; url: (served: string) => string }
