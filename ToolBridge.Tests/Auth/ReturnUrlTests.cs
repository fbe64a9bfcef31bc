using ToolBridge.Web.Auth;

namespace ToolBridge.Tests.Auth;

/// <summary>Where a sign-in may send the browser afterwards: only a path of this site, by ASP.NET Core's local-URL rule.</summary>
public sealed class ReturnUrlTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/tenants")]
    [InlineData("/t/acme/notes?search=a%20b#top")]
    public void LocalOrRoot_PathOfThisSite_IsKept(string url) => Assert.Equal(url, PortalSignIn.LocalOrRoot(url));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("/\t/evil.example")]
    [InlineData("/\r/evil.example")]
    [InlineData("/\n/evil.example")]
    [InlineData("/tenants\r\nSet-Cookie: x=y")]
    [InlineData("/\u007f/evil.example")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("https://evil.example/")]
    [InlineData("http://localhost/")]
    [InlineData("evil.example")]
    [InlineData("~/tenants")]
    [InlineData("javascript:alert(1)")]
    public void LocalOrRoot_AnythingElse_IsTheHomePage(string? url) => Assert.Equal("/", PortalSignIn.LocalOrRoot(url));
}
