using System.Net;
using System.Text.Json.Nodes;
using IoTPush.Tests.Infrastructure;
using NJsonSchema;
using Xunit;

namespace IoTPush.Tests.Operations;

/// <summary>
/// The OpenAPI document says what the service accepts on the wire: a gateway or mock built from it passes every
/// push the service takes. It is committed as docs/openapi.json (linted by .ci/run); these tests keep it current.
/// </summary>
public sealed class OpenApiTests(OpenApiTests.Document document) : IClassFixture<OpenApiTests.Document>
{
    /// <summary>The document as the service serves it, fetched once.</summary>
    public sealed class Document : IAsyncLifetime
    {
        public JsonNode Json { get; private set; } = null!;

        public string Text { get; private set; } = "";

        public async ValueTask InitializeAsync()
        {
            await using var app = new IoTPushApplication { Settings = { ["Swagger:Enabled"] = "true" } };
            var client = app.CreateClient();
            Text = await client.GetStringAsync("/swagger/v1/swagger.json");
            Json = JsonNode.Parse(Text)!;
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;

        /// <summary>An operation's request body schema, as JSON Schema that NJsonSchema validates with.</summary>
        public Task<JsonSchema> RequestSchemaAsync(string path)
        {
            var body = Json["paths"]![path]!["post"]!["requestBody"]!["content"]!["application/json"]!["schema"]!.DeepClone().AsObject();
            // NJsonSchema resolves references among "definitions", where OpenAPI keeps them in "components".
            body["definitions"] = Json["components"]!["schemas"]!.DeepClone();
            return JsonSchema.FromJsonAsync(NullableAsType(body).ToJsonString().Replace("#/components/schemas/", "#/definitions/", StringComparison.Ordinal));
        }

        // OpenAPI 3.0's "nullable: true" is JSON Schema's "null" among the types.
        private static JsonNode NullableAsType(JsonNode node)
        {
            if (node is JsonObject schema)
            {
                if (schema["nullable"]?.GetValue<bool>() == true && schema["type"] is JsonValue type)
                {
                    schema["type"] = new JsonArray(type.GetValue<string>(), "null");
                    schema.Remove("nullable");
                }

                foreach (var (_, child) in schema.ToList())
                {
                    if (child is not null)
                    {
                        NullableAsType(child);
                    }
                }
            }
            else if (node is JsonArray items)
            {
                foreach (var item in items.OfType<JsonNode>())
                {
                    NullableAsType(item);
                }
            }

            return node;
        }
    }

    private static readonly string CommittedPath = Path.Combine(RepositoryRoot(), "docs", "openapi.json");

    /// <summary>Bodies the service answers 200 that differ from the documentation's letter.</summary>
    public static TheoryData<string, string> WireVariants() => new()
    {
        { "extra property", """{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading","gatewayId":"gw","extra":{"x":[1]}}""" },
        { "number for a string", """{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":1,"stepDesc":"downloading"}""" },
        { "Status for status", """{"notifyType":"fwUpgradeResultNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1","targetVersion":"1","sourceVersion":"0","Status":"SUCCESS","statusDesc":"","upgradeTime":3600}""" },
        { "names in other letter case", """{"NOTIFYTYPE":"swUpgradeStateChangeNotify","DeviceId":"d","APPID":"a","operationID":"o","SubOperationId":"s","SwUpgradeState":"idle"}""" },
        { "unknown notifyType", """{"notifyType":"deviceCapabilitiesAdded","deviceId":"d","capabilities":{"x":1}}""" },
    };

    [Fact]
    public void CommittedDocument_IsTheOneTheServiceServes()
    {
        if (Environment.GetEnvironmentVariable("IOTPUSH_UPDATE_OPENAPI") == "1")
        {
            File.WriteAllText(CommittedPath, document.Json.ToJsonString(new() { WriteIndented = true }) + "\n");
        }

        Assert.True(
            JsonNode.DeepEquals(JsonNode.Parse(File.ReadAllText(CommittedPath)), document.Json),
            "docs/openapi.json is out of date: run IOTPUSH_UPDATE_OPENAPI=1 dotnet test IoTPush.sln --filter CommittedDocument, and commit it.");
    }

    [Theory]
    [MemberData(nameof(ValidFixtures))]
    public async Task RequestSchema_AcceptsEveryValidFixture(string fixture)
    {
        var schema = await document.RequestSchemaAsync(Payloads.Route(fixture));

        Assert.Empty(schema.Validate(Payloads.Read(fixture)));
    }

    [Theory]
    [MemberData(nameof(WireVariants))]
    public async Task RequestSchema_AcceptsTheWireAsTheServiceReadsIt(string variant, string body)
    {
        var schema = await document.RequestSchemaAsync(HttpExtensions.ReceiverPath);

        Assert.True(schema.Validate(body).Count == 0, variant);
    }

    [Theory]
    [InlineData("""{"notifyType":"fwUpgradeResultNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","curVersion":"1","targetVersion":"1","sourceVersion":"0","status":"success","statusDesc":"","upgradeTime":"1"}""")]
    [InlineData("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"d","appId":"a","operationId":"o","subOperationId":"s","step":7,"stepDesc":"downloading"}""")]
    [InlineData("""{"notifyType":"fwUpgradeStateChangeNotify","deviceId":["d"],"appId":"a","operationId":"o","subOperationId":"s","step":"1","stepDesc":"downloading"}""")]
    [InlineData("""{"notifyType":"messageConfirm","header":{"requestId":"r","from":"f","to":"t","status":"DELIVERED","timestamp":"20261122T101500Z"},"body":{}}""")]
    public async Task RequestSchema_RejectsWhatTheServiceRejects(string body)
    {
        var schema = await document.RequestSchemaAsync(HttpExtensions.ReceiverPath);

        Assert.NotEmpty(schema.Validate(body));
    }

    [Fact]
    public void Document_DescribesTheWholeFamily_TheTokens_RetryAfter_AndHealth()
    {
        var json = document.Json;
        var receiver = json["paths"]![HttpExtensions.ReceiverPath]!["post"]!;
        var body = receiver["requestBody"]!["content"]!["application/json"]!;
        Assert.Equal(19, body["schema"]!["oneOf"]!.AsArray().Count); // 18 notifyTypes and any other
        Assert.Equal(18, body["examples"]!.AsObject().Count);
        Assert.NotNull(json["paths"]![HttpExtensions.CommandPath]!["post"]!["requestBody"]!["content"]!["application/json"]!["examples"]!["nbCommandStateChanged"]);
        Assert.Equal(["200", "400", "401", "403", "413", "415", "429", "503"], receiver["responses"]!.AsObject().Select(r => r.Key).Order());
        Assert.NotNull(receiver["responses"]!["429"]!["headers"]!["Retry-After"]);
        Assert.NotNull(receiver["responses"]!["503"]!["headers"]!["Retry-After"]);
        Assert.Equal(["CallbackTokenQuery", "CallbackTokenHeader", null],
            receiver["security"]!.AsArray().Select(requirement => requirement!.AsObject().Select(scheme => scheme.Key).SingleOrDefault()));
        Assert.Equal("ApiKey", json["paths"]!["/api/upgrades/{operationId}"]!["get"]!["security"]![0]!.AsObject().Single().Key);
        Assert.Equal(("apiKey", "header", "X-Api-Key"), ((string?)json["components"]!["securitySchemes"]!["ApiKey"]!["type"],
            (string?)json["components"]!["securitySchemes"]!["ApiKey"]!["in"], (string?)json["components"]!["securitySchemes"]!["ApiKey"]!["name"]));
        Assert.Empty(json["paths"]!["/health/ready"]!["get"]!["security"]!.AsArray());
        Assert.NotNull(json["info"]!["license"]);
        Assert.All(json["components"]!["schemas"]!.AsObject().Where(schema => schema.Key.EndsWith("Notification", StringComparison.Ordinal)),
            schema => Assert.NotNull(schema.Value!["example"]));
        Assert.DoesNotContain("additionalProp1", document.Text, StringComparison.Ordinal);
        var limit = json["paths"]!["/api/notifications"]!["get"]!["parameters"]!.AsArray().Single(p => (string?)p!["name"] == "limit")!;
        Assert.Equal(("integer", 1, 1000), ((string?)limit["schema"]!["type"], (int)limit["schema"]!["minimum"]!, (int)limit["schema"]!["maximum"]!));
    }

    public static TheoryData<string> ValidFixtures() => Payloads.Valid();

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IoTPush.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("The repository (IoTPush.sln) is not above the test binaries.");
    }
}
