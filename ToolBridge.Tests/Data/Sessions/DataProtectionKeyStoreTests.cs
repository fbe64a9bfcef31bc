using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using ToolBridge.Data;
using ToolBridge.Data.Sessions;
using ToolBridge.Tests.Support;

namespace ToolBridge.Tests.Data.Sessions;

/// <summary>
/// The Data Protection key store keeps the rows ASP.NET Core's own EF Core store kept, in the same table and form: keys
/// written before it took over are read, so portal cookies issued then stay valid, and the other way round.
/// </summary>
public sealed class DataProtectionKeyStoreTests(DatabaseFixture fixture) : IClassFixture<DatabaseFixture>
{
    [Fact]
    public async Task GetAllElements_KeyStoredByTheFrameworksEfCoreStore_IsRead()
    {
        var key = Key();
        await using var framework = FrameworkStore(out var frameworkStore);
        frameworkStore.StoreElement(key, "framework");

        var read = Store().GetAllElements();

        Assert.Contains(read, e => XNode.DeepEquals(e, key));
    }

    [Fact]
    public async Task StoreElement_Key_IsReadByTheFrameworksEfCoreStore()
    {
        var key = Key();

        Store().StoreElement(key, "toolbridge");

        await using var framework = FrameworkStore(out var frameworkStore);
        Assert.Contains(frameworkStore.GetAllElements(), e => XNode.DeepEquals(e, key));
        await using var db = await fixture.DbAsync();
        Assert.Equal("toolbridge", await db.DataProtectionKeys.Where(k => k.Xml!.Contains(key.Attribute("id")!.Value)).Select(k => k.FriendlyName).SingleAsync());
    }

    private DataProtectionKeyStore Store() => new(fixture.Get<IDbContextFactory<ToolBridgeDbContext>>());

    /// <summary>What <c>PersistKeysToDbContext</c> registered: the framework's store over a scoped context.</summary>
    private ServiceProvider FrameworkStore(out IXmlRepository store)
    {
        var services = new ServiceCollection()
            .AddDbContext<ToolBridgeDbContext>(options => options.UseToolBridgeDatabase(fixture.ConnectionString))
            .BuildServiceProvider();
        store = new EntityFrameworkCoreXmlRepository<ToolBridgeDbContext>(services, NullLoggerFactory.Instance);
        return services;
    }

    // Not named "key": the test database is shared, and the apps of other tests read its key ring (they skip unknown elements).
    private static XElement Key() => new("storeTestElement", new XAttribute("id", Guid.NewGuid()), new XElement("creationDate", DateTimeOffset.UtcNow));
}
