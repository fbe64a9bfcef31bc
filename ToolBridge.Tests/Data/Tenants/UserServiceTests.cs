using ToolBridge.Data.Tenants;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Tenants;

public sealed class UserServiceTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    private UserService Users => fixture.Get<UserService>();

    [Fact]
    public async Task EnsureAsync_NewEmail_CreatesAPendingUserWithTheEmailLowerCased()
    {
        var id = Guid.NewGuid().ToString("N")[..10];

        var user = await Users.EnsureAsync($"  Jane.{id}@Example.COM ");

        Assert.Equal($"jane.{id}@example.com", user.Email);
        Assert.Equal($"jane.{id}", user.DisplayName);
        Assert.Null(user.WorkOsUserId);
        Assert.Null(user.LastSignInAt);
        Assert.Equal(user, await Users.FindByEmailAsync(user.Email.ToUpperInvariant()));
    }

    [Fact]
    public async Task EnsureAsync_KelvinSignAndLetterK_AreDifferentUsers()
    {
        var domain = $"{Guid.NewGuid():N}.example.com";

        var ascii = await Users.EnsureAsync($"kate@{domain}");
        var kelvin = await Users.EnsureAsync($"\u212Aate@{domain}");

        Assert.NotEqual(ascii.Id, kelvin.Id);
        Assert.Equal($"\u212Aate@{domain}", kelvin.Email);
        Assert.Equal(ascii.Id, (await Users.FindByEmailAsync($"KATE@{domain}"))!.Id);
    }

    [Fact]
    public async Task SignInAsync_KelvinSignEmail_DoesNotTakeOverThePendingUserWithTheLetterK()
    {
        var domain = $"{Guid.NewGuid():N}.example.com";
        var pending = await Users.EnsureAsync($"kate@{domain}");

        var signedIn = await Users.SignInAsync($"user_{Guid.NewGuid():N}", $"\u212Aate@{domain}", "Not Kate");

        Assert.NotEqual(pending.Id, signedIn.Id);
        Assert.Null((await Users.GetAsync(pending.Id))!.WorkOsUserId);
    }

    [Fact]
    public async Task EnsureAsync_KnownEmail_ReturnsTheSameUserUnchanged()
    {
        var email = $"known-{Guid.NewGuid():N}@example.com";
        var first = await Users.EnsureAsync(email, "First Name");

        var second = await Users.EnsureAsync(email.ToUpperInvariant(), "Other Name");

        Assert.Equal(first, second);
        Assert.Equal("First Name", second.DisplayName);
    }

    [Fact]
    public async Task EnsureAsync_SameNewEmailAtOnce_CreatesOneUser()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";

        var users = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Users.EnsureAsync(email)));

        Assert.Single(users.Select(u => u.Id).Distinct());
    }

    [Fact]
    public async Task GetAsync_UnknownId_ReturnsNull()
    {
        var id = Guid.NewGuid();

        var user = await Users.GetAsync(id);

        Assert.Null(user);
    }
}
