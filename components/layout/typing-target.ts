/** Typing in a field or an editor: a letter there is a character, not a shortcut. */
export const isTypingTarget = (el: EventTarget | null) =>
  el instanceof HTMLElement && (el.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(el.tagName));

/** A plain key press a shortcut may take: nothing typed into a field, no modifier but Shift, no open dialog. */
export function isShortcutEvent(e: KeyboardEvent): boolean {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || isTypingTarget(e.target)) return false;
  return !document.querySelector("dialog[open]");
}
