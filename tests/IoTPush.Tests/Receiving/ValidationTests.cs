using System.Net;
using System.Text.Json.Nodes;
using IoTPush.Tests.Infrastructure;
using Xunit;

namespace IoTPush.Tests.Receiving;

/// <summary>
/// Every reading rule of docs/protocol.md, over HTTP. The cases are stateless rejections or distinct
/// bodies, so one application (one store) serves the whole class.
/// </summary>
public sealed class ValidationTests(ValidationTests.Application app) : IClassFixture<ValidationTests.Application>
{
    public sealed class Application : IAsyncLifetime
    {
        public IoTPushApplication Service { get; } = new();

        public HttpClient Client { get; private set; } = null!;

        public ValueTask InitializeAsync()
        {
            Client = Service.CreateClient();
            return ValueTask.CompletedTask;
        }

        public ValueTask DisposeAsync() => Service.DisposeAsync();
    }

    /// <summary>Free text may be empty; identifiers and enumerated values may not.</summary>
    private static readonly HashSet<string> FreeTextFields =
        ["curVersion", "targetVersion", "sourceVersion", "statusDesc", "upgradeTime", "resultDesc", "errorCode", "description"];

    public static TheoryData<string> ValidPayloads() => Payloads.Valid();

    public static TheoryData<string> InvalidPayloads() => Payloads.Invalid();

    /// <summary>For each notification type, each of its fields (all are mandatory) with each way of breaking it.</summary>
    public static TheoryData<string, string, string> FieldMutations()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var notifyType in new[] { "fwUpgradeStateChangeNotify", "fwUpgradeResultNotify", "swUpgradeResultNotify", "swUpgradeStateChangeNotify" })
        {
            foreach (var field in JsonNode.Parse(Payloads.Seed(notifyType))!.AsObject().Select(property => property.Key))
            {
                if (field == "notifyType")
                {
                    continue;
                }

                data.Add(notifyType, field, "missing");
                data.Add(notifyType, field, "null");
                data.Add(notifyType, field, "empty");
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ValidPayloads))]
    public async Task Post_ValidPayload_Returns200AndStoresRawBodyIntact(string payload)
    {
        var body = Payloads.Read(payload);

        var response = await app.Client.PushFixtureAsync(payload);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = await response.JsonAsync();
        Assert.False(answer.GetProperty("duplicate").GetBoolean());
        var row = app.Service.Inbox.Single(answer.GetProperty("id").GetString()!);
        Assert.Equal(body, row.Body);
        Assert.Contains(row.Status, new[] { "pending", "processed" });
        Assert.Equal(Payloads.NotifyType(payload), row.NotifyType);
    }

    [Theory]
    [MemberData(nameof(InvalidPayloads))]
    public async Task Post_InvalidPayload_Returns400NamingTheField(string payload)
    {
        var response = await app.Client.PushFixtureAsync(payload);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal([Payloads.ExpectedField(payload)], await response.ErrorFieldsAsync());
    }

    [Theory]
    [MemberData(nameof(FieldMutations))]
    public async Task Post_FieldMissingNullOrEmpty_Returns400NamingOnlyThatField(string notifyType, string field, string mutation)
    {
        var body = JsonNode.Parse(Payloads.Seed(notifyType))!.AsObject();
        if (field != "deviceId")
        {
            body["deviceId"] = $"dev-{field}-{mutation}"; // distinct bodies, so that no accepted one is a duplicate
        }

        switch (mutation)
        {
            case "missing": body.Remove(field); break;
            case "null": body[field] = null; break;
            default: body[field] = ""; break;
        }

        var response = await app.Client.PushAsync(body.ToJsonString());

        if (mutation == "empty" && FreeTextFields.Contains(field))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            return;
        }

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal([field], await response.ErrorFieldsAsync());
        var problem = await response.JsonAsync();
        Assert.Contains($"'{field}'", problem.GetProperty("errors").GetProperty(field)[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_SeveralBrokenRules_ListsEveryBrokenField()
    {
        var response = await app.Client.PushAsync(
            """{"notifyType":"fwUpgradeStateChangeNotify","deviceId":"","appId":7,"step":"9","stepDesc":null}""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["deviceId", "operationId", "step", "stepDesc", "subOperationId"], (await response.ErrorFieldsAsync()).Order());
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("{\"notifyType\":")]
    [InlineData("{\"notifyType\":\"fwUpgradeResultNotify\",}")]
    [InlineData("[{\"notifyType\":\"fwUpgradeResultNotify\"}]")]
    [InlineData("\"fwUpgradeResultNotify\"")]
    [InlineData("null")]
    [InlineData("")]
    public async Task Post_BodyNotAJsonObject_Returns400Problem(string body)
    {
        var response = await app.Client.PushAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.JsonAsync();
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("detail").GetString()));
        Assert.True(problem.TryGetProperty("traceId", out _));
    }

    [Theory]
    [InlineData("""{"deviceId":"dev-1"}""")]
    [InlineData("""{"notifyType":42,"deviceId":"dev-1"}""")]
    [InlineData("""{"notifyType":"","deviceId":"dev-1"}""")]
    [InlineData("""{"notifyType":null,"deviceId":"dev-1"}""")]
    public async Task Post_NotifyTypeMissingNotAStringOrEmpty_Returns400NamingNotifyType(string body)
    {
        var response = await app.Client.PushAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(["notifyType"], await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task Post_InvalidUtf8_Returns400()
    {
        byte[] body = [.. "{\"notifyType\":\"x\",\"deviceId\":\""u8, 0xC3, 0x28, .. "\"}"u8];

        var response = await app.Client.PushBytesAsync(body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("UTF-8", (await response.JsonAsync()).GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/json; charset=iso-8859-1")]
    public async Task Post_ContentTypeNotJson_Returns415Problem(string contentType)
    {
        var response = await app.Client.PushBytesAsync("{}"u8.ToArray(), contentType);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty((await response.JsonAsync()).GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Post_NoContentType_Returns415()
    {
        var response = await app.Client.PostAsync(HttpExtensions.ReceiverPath, new ByteArrayContent("{}"u8.ToArray()));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json;charset=\"UTF-8\"")]
    [InlineData("APPLICATION/JSON")]
    public async Task Post_JsonContentTypeVariants_AreAccepted(string contentType)
    {
        var body = $$"""{"notifyType":"swUpgradeStateChangeNotify","deviceId":"ct-{{contentType.GetHashCode()}}","appId":"a","operationId":"o","subOperationId":"s","swUpgradeState":"idle"}""";

        var response = await app.Client.PushBytesAsync(System.Text.Encoding.UTF8.GetBytes(body), contentType);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Post_BodyOverMaxBodyBytes_Returns413()
    {
        var body = $$"""{"notifyType":"x","padding":"{{new string('p', 70_000)}}"}""";

        var response = await app.Client.PushAsync(body);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Post_ChunkedBodyOverMaxBodyBytes_Returns413()
    {
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(
            $$"""{"notifyType":"x","padding":"{{new string('p', 70_000)}}"}""")));
        content.Headers.TryAddWithoutValidation("Content-Type", "application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, HttpExtensions.ReceiverPath) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        var response = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
