// Enter sends the message and Shift+Enter breaks the line, as in other chats. The form is submitted as the Send button
// would submit it, so the text typed so far reaches the server first and the form's validation runs. While an input
// method composes a character, Enter confirms the composition and sends nothing.
export function sendOnEnter(id) {
    const field = document.getElementById(id);
    field?.addEventListener('keydown', e => {
        if (e.key === 'Enter' && !e.shiftKey && !e.ctrlKey && !e.altKey && !e.metaKey && !e.isComposing) {
            e.preventDefault();
            field.form?.requestSubmit();
        }
    });
}
