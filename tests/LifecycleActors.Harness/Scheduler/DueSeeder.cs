using System.Net;
using System.Text;
using LifecycleActors.Harness.Hosting;

namespace LifecycleActors.Harness.Scheduler;

/// <summary>
/// Gives each of N customers one order, timed so that its at-risk instant (45 days later with the default rules)
/// falls at a chosen moment: customer i at <c>firstDue + window × i / N</c>.
/// </summary>
internal static class DueSeeder
{
    public static readonly TimeSpan AtRiskAfter = TimeSpan.FromDays(45);

    public static DateTimeOffset DueOf(int customer, int customers, DateTimeOffset firstDue, TimeSpan window) =>
        firstDue + (window * customer / customers);

    public static async Task SeedAsync(Uri silo, int customers, DateTimeOffset firstDue, TimeSpan window, int batch, int concurrency)
    {
        using var client = new HttpClient { BaseAddress = silo, Timeout = TimeSpan.FromMinutes(2) };
        client.DefaultRequestHeaders.Add("X-Api-Key", BenchSilo.ApiKey);
        var next = 0;
        var sent = 0;
        var progress = DateTime.UtcNow;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            while (true)
            {
                var from = Interlocked.Add(ref next, batch) - batch;
                if (from >= customers)
                {
                    return;
                }

                var body = Body(from, Math.Min(customers, from + batch), customers, firstDue, window);
                await PostWithRetriesAsync(client, body);
                var done = Interlocked.Add(ref sent, Math.Min(batch, customers - from));
                if (DateTime.UtcNow - progress > TimeSpan.FromSeconds(10))
                {
                    progress = DateTime.UtcNow;
                    Console.WriteLine($"  seeded {done:N0} / {customers:N0} customers");
                }
            }
        });
        await Task.WhenAll(workers);
    }

    private static string Body(int from, int to, int customers, DateTimeOffset firstDue, TimeSpan window)
    {
        var json = new StringBuilder("[");
        for (var i = from; i < to; i++)
        {
            var orderAt = DueOf(i, customers, firstDue, window) - AtRiskAfter;
            json.Append(i == from ? "" : ",")
                .Append("{\"id\":\"due-").Append(i)
                .Append("\",\"customerId\":\"w-").Append(i)
                .Append("\",\"type\":\"order_placed\",\"occurredAt\":\"").Append(orderAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture))
                .Append("\",\"data\":{\"orderId\":\"o-").Append(i).Append("\",\"amount\":25}}");
        }

        return json.Append(']').ToString();
    }

    private static async Task PostWithRetriesAsync(HttpClient client, string body)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                using var content = new StringContent(body, Encoding.UTF8, "application/json");
                using var response = await client.PostAsync("/api/v1/events", content);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    return;
                }

                if (attempt >= 5 || (int)response.StatusCode is >= 400 and < 500 and not 429)
                {
                    throw new InvalidOperationException($"seeding failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException) when (attempt < 5)
            {
                // Retried below: event ids make a repeated batch harmless.
            }

            await Task.Delay(TimeSpan.FromSeconds(attempt));
        }
    }
}
