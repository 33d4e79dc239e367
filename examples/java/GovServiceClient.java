// A small client of the govservice HTTP API using only the JDK (java.net.http, Java 11+).
//
// Compile and run against a running service (govservice serve ...):
//
//   javac -d out examples/java/GovServiceClient.java
//   java -cp out GovServiceClient http://127.0.0.1:8000 [clerk-token case-id]
//
// With only the base URL it computes a deadline (public, no token). With a window clerk's
// token and a new case id it also submits a case, accepts it with If-Match, and shows the
// 412 path: an act sent with a stale ETag is refused with the current head, and nothing is
// written; the client re-reads the case and tries again.
//
// Limits travel as working days ("20个工作日" or {"amount": 20, "unit": "working_days"}), never as
// ISO durations such as P20D: an ISO duration counts calendar time and knows no holidays.

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public final class GovServiceClient {

    /** One answer: the status, the ETag (or null) and the JSON text. */
    public static final class Answer {
        public final int status;
        public final String etag;
        public final String body;

        Answer(int status, String etag, String body) {
            this.status = status;
            this.etag = etag;
            this.body = body;
        }

        /** A top-level string field of the JSON answer (enough for these answers). */
        public String field(String name) {
            Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"")
                    .matcher(body);
            return m.find() ? m.group(1) : null;
        }
    }

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String base;
    private final String token;

    public GovServiceClient(String base, String token) {
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        this.token = token;
    }

    private Answer send(String method, String path, String json, String ifMatch) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (ifMatch != null) {
            b.header("If-Match", ifMatch);
        }
        if (json == null) {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            b.header("Content-Type", "application/json");
            b.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8));
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Answer(r.statusCode(), r.headers().firstValue("ETag").orElse(null), r.body());
    }

    /** POST /v1/deadlines: the due date of a limit from a start (a date or an ISO instant). */
    public Answer deadline(String start, String limit) throws Exception {
        return send("POST", "/v1/deadlines",
                "{\"start\":\"" + start + "\",\"limit\":\"" + limit + "\",\"locale\":\"zh_CN\"}", null);
    }

    /** POST /v1/cases: submit a case; the answer's ETag is the case's trace head. */
    public Answer submit(String matter, String caseId, String applicant, String at) throws Exception {
        return send("POST", "/v1/cases",
                "{\"matter\":\"" + matter + "\",\"case_id\":\"" + caseId + "\",\"applicant\":\""
                        + applicant + "\",\"at\":\"" + at + "\"}", null);
    }

    /** GET /v1/cases/{id}: the snapshot and its ETag. */
    public Answer get(String caseId) throws Exception {
        return send("GET", "/v1/cases/" + caseId, null, null);
    }

    /** POST /v1/cases/{id}/acts with If-Match: an act on the case as it was at that ETag. */
    public Answer act(String caseId, String etag, String act, String at) throws Exception {
        return send("POST", "/v1/cases/" + caseId + "/acts",
                "{\"act\":\"" + act + "\",\"at\":\"" + at + "\"}", etag);
    }

    private static void expect(Answer a, int status, String what) {
        if (a.status != status) {
            System.out.println(what + ": expected " + status + ", got " + a.status + " " + a.body);
            System.exit(1);
        }
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1 && args.length != 3) {
            System.out.println("usage: GovServiceClient BASE_URL [CLERK_TOKEN CASE_ID]");
            System.exit(2);
        }
        GovServiceClient pub = new GovServiceClient(args[0], null);

        // A workflow engine's timer: the due instant of "20 working days from 2025-01-24".
        Answer d = pub.deadline("2025-01-24", "20个工作日");
        expect(d, 200, "deadline");
        System.out.println("due_date " + d.field("due_date"));
        System.out.println("due_at " + d.field("due_at"));

        if (args.length == 1) {
            return;
        }
        GovServiceClient clerk = new GovServiceClient(args[0], args[1]);
        String caseId = args[2];
        Answer s = clerk.submit("990100-SJJ-001", caseId, "某食品有限公司", "2025-03-03T09:00:00+08:00");
        expect(s, 201, "submit");
        String submitted = s.etag;
        System.out.println("submitted " + caseId + " state " + s.field("state") + " etag " + submitted);

        Answer a = clerk.act(caseId, submitted, "accept", "2025-03-03T09:30:00+08:00");
        expect(a, 200, "accept");
        System.out.println("accepted state " + a.field("state") + " due_date " + a.field("due_date"));

        // A second clerk still holds the ETag from before the acceptance and accepts too:
        // the stale ETag is refused with the current head, and nothing is written.
        Answer stale = clerk.act(caseId, submitted, "accept", "2025-03-03T09:40:00+08:00");
        expect(stale, 412, "stale act");
        System.out.println("stale etag refused " + stale.status + " current head " + stale.field("head"));

        // Re-read and decide again on the current state: it is accepted already, nothing to redo.
        Answer now = clerk.get(caseId);
        expect(now, 200, "re-read");
        System.out.println("re-read state " + now.field("state") + " etag " + now.etag);
        if (!now.etag.equals(a.etag)) {
            System.out.println("the re-read ETag differs from the acceptance's");
            System.exit(1);
        }
    }
}
