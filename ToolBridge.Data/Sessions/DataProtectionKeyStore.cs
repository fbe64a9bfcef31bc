using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.EntityFrameworkCore;

namespace ToolBridge.Data.Sessions;

/// <summary>
/// The Data Protection key ring in PostgreSQL (<c>data_protection_keys</c>), shared by every instance, so a portal
/// cookie or sign-in state written by one is read by all, and survives restarts. Each read and write takes a context
/// of its own from the factory, like every service, so the app registers no context that a page or service could
/// inject. The rows are the ones ASP.NET Core's own EF Core key store reads and writes: keys stored before stay valid.
/// </summary>
internal sealed class DataProtectionKeyStore(IDbContextFactory<ToolBridgeDbContext> dbFactory) : IXmlRepository
{
    public IReadOnlyCollection<XElement> GetAllElements()
    {
        using var db = dbFactory.CreateDbContext();
        return db.DataProtectionKeys.AsNoTracking().Select(k => k.Xml).AsEnumerable()
            .Where(xml => !string.IsNullOrEmpty(xml))
            .Select(xml => XElement.Parse(xml!))
            .ToList();
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        using var db = dbFactory.CreateDbContext();
        db.DataProtectionKeys.Add(new DataProtectionKey { FriendlyName = friendlyName, Xml = element.ToString(SaveOptions.DisableFormatting) });
        db.SaveChanges();
    }
}
