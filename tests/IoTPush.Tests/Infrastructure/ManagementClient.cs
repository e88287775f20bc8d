using System.Net;
using System.Text.Json;

namespace IoTPush.Tests.Infrastructure;

/// <summary>A service with a management API key, and helpers to push and to read the API.</summary>
public static class ManagementClient
{
    public const string ApiKey = "test-management-key";

    public static IoTPushApplication NewApplication(TestStore store) => new(store) { Settings = { ["Management:ApiKeys:0"] = ApiKey } };

    public static HttpClient CreateManagementClient(this IoTPushApplication app)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public static async Task<JsonElement> GetJsonAsync(this HttpClient client, string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await client.GetAsync(path);
        if (response.StatusCode != expected)
        {
            throw new InvalidOperationException($"GET {path} answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return await response.JsonAsync();
    }

    /// <summary>Pushes a body and returns its inbox id.</summary>
    public static async Task<string> PushOkAsync(this HttpClient client, string body)
    {
        var response = await client.PushAsync(body);
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"push answered {response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }

        return (await response.JsonAsync()).GetProperty("id").GetString()!;
    }
}
