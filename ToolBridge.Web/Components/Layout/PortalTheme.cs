using MudBlazor;

namespace ToolBridge.Web.Components.Layout;

/// <summary>
/// The portal's MudBlazor theme, and the cookie that remembers whether a person chose it light or dark.
/// </summary>
/// <remarks>
/// MudBlazor's own colours are too light for text on white (its green reaches 2.2:1, its red 3.7:1), and its dark
/// primary and secondary text too dark on the dark surface. Every colour here reaches 4.5:1, WCAG's level AA for
/// normal text, as text on the page and under its contrast text in a filled chip or button, in both themes:
/// PortalThemeTests measures them.
/// </remarks>
public static class PortalTheme
{
    /// <summary>Holds <c>dark</c> or <c>light</c>; written by js/theme.js, read by App before the first paint.</summary>
    public const string Cookie = "tb-theme";

    // Text on the dark theme's light colours: near black, as Material's dark theme does.
    private const string OnLight = "#1e1e24";

    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Secondary = "#c2185b",
            Tertiary = "#00796b",
            Info = "#1565c0",
            Success = "#2e7d32",
            Warning = "#a35200",
            Error = "#c62828",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#a69ef2",
            PrimaryContrastText = OnLight,
            Secondary = "#ff80ab",
            SecondaryContrastText = OnLight,
            Tertiary = "#4fd8bd",
            TertiaryContrastText = OnLight,
            Info = "#64b5f6",
            InfoContrastText = OnLight,
            Success = "#66bb6a",
            SuccessContrastText = OnLight,
            Warning = "#ffb74d",
            WarningContrastText = OnLight,
            Error = "#ff8a80",
            ErrorContrastText = OnLight,
            TextSecondary = "rgba(255,255,255,0.6)",
        },
    };

    /// <summary>The remembered choice in the cookie's value: true for dark, false for light, null when none was made.</summary>
    public static bool? DarkModeOf(string? cookie) => cookie switch
    {
        "dark" => true,
        "light" => false,
        _ => null,
    };

    /// <summary>
    /// The page's own colours before MudBlazor's styles load, so a dark page is never drawn white first (null when the
    /// theme is light or not known yet).
    /// </summary>
    public static string? DocumentStyle(bool? darkMode) =>
        darkMode == true ? $"color-scheme: dark; background-color: {Theme.PaletteDark.Background}" : null;
}
