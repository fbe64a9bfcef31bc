using Bunit;
using Microsoft.AspNetCore.Components;
using MudBlazor;
using MudBlazor.Utilities;
using ToolBridge.Tests.Support;
using ToolBridge.Web.Components.Layout;

namespace ToolBridge.Tests.Portal.Layout;

/// <summary>
/// The colours of the theme the layout hands MudBlazor, measured with WCAG's contrast ratio: text and chips in the
/// palette's colours must reach 4.5:1 (normal text, level AA) in the light and the dark theme.
/// </summary>
public sealed class PortalThemeTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private const double Minimum = 4.5;

    public static TheoryData<bool> Themes => new() { false, true };

    [Theory]
    [MemberData(nameof(Themes))]
    public async Task Palette_ChipColours_ReadOnBackgroundAndSurface(bool dark)
    {
        var palette = await PaletteAsync(dark);

        // Outlined chips, text buttons and coloured text: the colour on the page.
        var low = Colours(palette)
            .SelectMany(c => new[] { (c.Name, Ground: "background", Ratio: Contrast(c.Colour, palette.Background)), (c.Name, Ground: "surface", Ratio: Contrast(c.Colour, palette.Surface)) })
            .Where(c => c.Ratio < Minimum)
            .Select(c => $"{c.Name} on {c.Ground}: {c.Ratio:0.00}:1")
            .ToList();

        Assert.Empty(low);
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public async Task Palette_FilledChipText_ReadsOnItsColour(bool dark)
    {
        var palette = await PaletteAsync(dark);

        // Filled chips and buttons: the contrast text on the colour.
        var low = Colours(palette)
            .Select(c => (c.Name, Ratio: Contrast(c.Text, c.Colour)))
            .Append((Name: "app bar", Ratio: Contrast(palette.AppbarText, palette.AppbarBackground)))
            .Where(c => c.Ratio < Minimum)
            .Select(c => $"{c.Name}: {c.Ratio:0.00}:1")
            .ToList();

        Assert.Empty(low);
    }

    [Theory]
    [MemberData(nameof(Themes))]
    public async Task Palette_Text_ReadsOnBackgroundSurfaceAndDrawer(bool dark)
    {
        var palette = await PaletteAsync(dark);

        var grounds = new[] { (Name: "background", Colour: palette.Background), (Name: "surface", Colour: palette.Surface), (Name: "drawer", Colour: palette.DrawerBackground) };
        var low = new[] { (Name: "primary text", Colour: palette.TextPrimary), (Name: "secondary text", Colour: palette.TextSecondary) }
            .SelectMany(t => grounds.Select(ground => (Name: $"{t.Name} on {ground.Name}", Ratio: Contrast(t.Colour, ground.Colour))))
            .Append((Name: "drawer text", Ratio: Contrast(palette.DrawerText, palette.DrawerBackground)))
            .Where(c => c.Ratio < Minimum)
            .Select(c => $"{c.Name}: {c.Ratio:0.00}:1")
            .ToList();

        Assert.Empty(low);
    }

    /// <summary>The palette of the theme the layout gives MudBlazor (MudBlazor's default when it gives none).</summary>
    private async Task<Palette> PaletteAsync(bool dark)
    {
        await using var context = new PortalTestContext(fixture);
        await context.SignInAsNewUserAsync();
        var cut = context.Render<MainLayout>(p => p.Add(l => l.Body, (RenderFragment)(b => b.AddContent(0, "page body"))));
        var theme = cut.FindComponent<MudThemeProvider>().Instance.Theme ?? new MudTheme();
        return dark ? theme.PaletteDark : theme.PaletteLight;
    }

    private static IEnumerable<(string Name, MudColor Colour, MudColor Text)> Colours(Palette p) =>
    [
        ("primary", p.Primary, p.PrimaryContrastText),
        ("secondary", p.Secondary, p.SecondaryContrastText),
        ("tertiary", p.Tertiary, p.TertiaryContrastText),
        ("info", p.Info, p.InfoContrastText),
        ("success", p.Success, p.SuccessContrastText),
        ("warning", p.Warning, p.WarningContrastText),
        ("error", p.Error, p.ErrorContrastText),
    ];

    /// <summary>WCAG 2 contrast ratio of a colour (blended over the ground when translucent) on a ground.</summary>
    private static double Contrast(MudColor colour, MudColor ground)
    {
        var alpha = colour.A / 255.0;
        double Blend(byte c, byte g) => c * alpha + g * (1 - alpha);
        var front = Luminance(Blend(colour.R, ground.R), Blend(colour.G, ground.G), Blend(colour.B, ground.B));
        var back = Luminance(ground.R, ground.G, ground.B);
        return (Math.Max(front, back) + 0.05) / (Math.Min(front, back) + 0.05);
    }

    private static double Luminance(double r, double g, double b)
    {
        static double Channel(double c)
        {
            c /= 255;
            return c <= 0.03928 ? c / 12.92 : Math.Pow((c + 0.055) / 1.055, 2.4);
        }

        return 0.2126 * Channel(r) + 0.7152 * Channel(g) + 0.0722 * Channel(b);
    }
}
