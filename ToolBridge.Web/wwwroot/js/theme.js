// Remembers the portal's light or dark theme in a cookie that App.razor reads, so every later page is drawn in that
// theme by the server, from the first paint (no white flash before the circuit starts).
window.toolBridgeTheme = {
  remember(dark) {
    const theme = dark ? 'dark' : 'light';
    const secure = location.protocol === 'https:' ? '; secure' : '';
    document.cookie = `tb-theme=${theme}; path=/; max-age=31536000; samesite=lax${secure}`;
    // From here MudBlazor's theme colours the page; the server's first-paint colours would only get in the way.
    document.documentElement.style.colorScheme = theme;
    document.documentElement.style.backgroundColor = '';
  },
};
