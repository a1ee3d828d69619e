namespace LifecycleActors.Abstractions;

/// <summary>
/// The grain key of a customer: "tenant/customerId". Tenant ids never contain '/', customer ids may.
/// The separator also keeps keys from ever parsing as a hexadecimal integer key.
/// </summary>
public static class CustomerKey
{
    public static string Of(string tenant, string customerId) => $"{tenant}/{customerId}";

    public static (string Tenant, string CustomerId) Parse(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0)
        {
            throw new ArgumentException($"'{key}' is not a customer key (tenant/customerId)", nameof(key));
        }

        return (key[..slash], key[(slash + 1)..]);
    }
}
