// Enter sends the message and Shift+Enter breaks the line, as in other chats. The draft reaches the server only as a
// change (not keystroke by keystroke, where a render of an older draft arriving while the user types on would put the
// older text back and lose what was typed since), so Enter first reports the change, then submits the form as the Send
// button would; the server handles the two in that order. While an input method composes a character, Enter confirms
// the composition and sends nothing.
export function sendOnEnter(id) {
    const field = document.getElementById(id);
    field?.addEventListener('keydown', e => {
        if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.isComposing) {
            e.preventDefault();
            field.dispatchEvent(new Event('change', { bubbles: true }));
            field.form?.requestSubmit();
        }
    });
}
