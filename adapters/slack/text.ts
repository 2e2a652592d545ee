// What Slack does to typed text, undone: escaped entities, auto-linked emails and URLs; channel references kept.

/**
 * Slack sends `&`, `<`, `>` as entities and wraps what it recognised: `<mailto:a@b.c|a@b.c>`,
 * `<https://x|x>`, `<@U123|name>`, `<#C123|name>`. Emails and links become the text typed; channel and
 * user references stay as Slack wrote them (settings take `<#C123|name>`).
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<mailto:([^|>]+)(?:\|([^>]*))?>/g, (_, addr: string, label?: string) => label || addr)
    .replace(/<(https?:\/\/[^|>]+)(?:\|([^>]*))?>/g, (_, url: string, label?: string) => label || url)
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
