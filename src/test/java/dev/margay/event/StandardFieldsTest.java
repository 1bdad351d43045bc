package dev.margay.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.margay.condition.FieldPath;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Panther's standard fields (panther-fields.md): every worked example of §8, the time layout, never
 * overwriting.
 */
class StandardFieldsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Ingestion INGESTION =
      new Ingestion("bucket/a.json", Instant.parse("2026-01-02T03:04:05.123Z"), "00ab");

  private static Map<String, List<String>> indicators(String json) throws Exception {
    return Indicators.of(JSON.readTree(json));
  }

  private static Map<String, List<String>> expected(Object... columnsAndValues) {
    Map<String, List<String>> m = new LinkedHashMap<>();
    for (int i = 0; i < columnsAndValues.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> values = (List<String>) columnsAndValues[i + 1];
      m.put((String) columnsAndValues[i], values);
    }
    return m;
  }

  @Test
  void c1_taggedFields_dedup_untaggedNotScanned() throws Exception {
    assertThat(
            indicators(
                "{\"sourceIPAddress\":\"198.51.100.7\",\"recipientAccountId\":\"123456789012\","
                    + "\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDAEXAMPLE\","
                    + "\"arn\":\"arn:aws:iam::123456789012:user/alice\",\"accountId\":\"123456789012\","
                    + "\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"userName\":\"alice\"}}"))
        .containsExactlyEntriesOf(
            expected(
                "p_any_aws_account_ids",
                List.of("123456789012"),
                "p_any_aws_arns",
                List.of("arn:aws:iam::123456789012:user/alice"),
                "p_any_ip_addresses",
                List.of("198.51.100.7")));
  }

  @Test
  void c2_hostnameIsEitherOr_invokedByNotScanned() throws Exception {
    assertThat(
            indicators(
                "{\"sourceIPAddress\":\"ec2.amazonaws.com\",\"userIdentity\":{\"type\":\"AWSService\","
                    + "\"invokedBy\":\"ec2.amazonaws.com\"}}"))
        .containsExactlyEntriesOf(expected("p_any_domain_names", List.of("ec2.amazonaws.com")));
  }

  @Test
  void c4_sessionIssuerFields_byteOrderSort() throws Exception {
    assertThat(
            indicators(
                "{\"sourceIPAddress\":\"203.0.113.9\",\"recipientAccountId\":\"123456789012\","
                    + "\"userIdentity\":{\"type\":\"AssumedRole\",\"principalId\":\"AROAEXAMPLE:bob\","
                    + "\"arn\":\"arn:aws:sts::123456789012:assumed-role/Admin/bob\",\"accountId\":\"123456789012\","
                    + "\"accessKeyId\":\"ASIAEXAMPLE\",\"sessionContext\":{\"sessionIssuer\":{\"type\":\"Role\","
                    + "\"principalId\":\"AROAEXAMPLE\",\"arn\":\"arn:aws:iam::123456789012:role/Admin\","
                    + "\"accountId\":\"123456789012\",\"userName\":\"Admin\"}}}}"))
        .containsExactlyEntriesOf(
            expected(
                "p_any_aws_account_ids",
                List.of("123456789012"),
                "p_any_aws_arns",
                List.of(
                    "arn:aws:iam::123456789012:role/Admin",
                    "arn:aws:sts::123456789012:assumed-role/Admin/bob"),
                "p_any_ip_addresses",
                List.of("203.0.113.9")));
  }

  @Test
  void c6_arnRule_withInstanceResource() throws Exception {
    assertThat(
            indicators(
                "{\"resources\":[{\"arn\":\"arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890\","
                    + "\"accountId\":\"123456789012\",\"type\":\"AWS::EC2::Instance\"}]}"))
        .containsExactlyEntriesOf(
            expected(
                "p_any_aws_account_ids",
                List.of("123456789012"),
                "p_any_aws_arns",
                List.of("arn:aws:ec2:us-east-1:123456789012:instance/i-0abc1234def567890"),
                "p_any_aws_instance_ids",
                List.of("i-0abc1234def567890")));
  }

  @Test
  void c8_suffixRules_exactKeyCase_twelveDigits_instanceIdsIgnored() throws Exception {
    assertThat(
            indicators(
                "{\"requestParameters\":{\"targetAccountId\":\"111122223333\",\"sourceInstanceId\":\"i-0bbb\","
                    + "\"instanceIds\":[\"i-0ccc\"],\"accountId\":\"12345\",\"AccountId\":\"444455556666\","
                    + "\"accountid\":\"777788889999\",\"account\":\"999900001111\"}}"))
        .containsExactlyEntriesOf(
            expected(
                "p_any_aws_account_ids",
                List.of("111122223333", "444455556666", "999900001111"),
                "p_any_aws_instance_ids",
                List.of("i-0bbb")));
  }

  @Test
  void c11_tagsAsStringOrKeyValueObject() throws Exception {
    assertThat(
            indicators(
                "{\"requestParameters\":{\"tags\":\"team:blue\",\"x\":{\"tags\":{\"Key\":\"k1\","
                    + "\"Value\":\"v1\"}},\"y\":{\"tags\":{\"env\":\"prod\"}}}}"))
        .containsExactlyEntriesOf(expected("p_any_aws_tags", List.of("k1:v1", "team:blue")));
  }

  @Test
  void c12_emptiesDropped_untaggedNeverScanned_noEmptyColumns() throws Exception {
    assertThat(
            indicators(
                "{\"eventName\":\"ListBuckets\",\"sourceIPAddress\":\"\","
                    + "\"userAgent\":\"arn:aws:iam::123456789012:user/x\","
                    + "\"errorMessage\":\"User: arn:aws:iam::123456789012:user/x is not authorized\"}"))
        .isEmpty();
  }

  @Test
  void walkedSubtrees_arnsAnywhere_ipKeys_domains_numbersAsTypedStrings_utf8Order()
      throws Exception {
    assertThat(
            indicators(
                "{\"recipientAccountId\":123456789012,\"sourceIPAddress\":\" 2001:db8::1 \","
                    + "\"responseElements\":{\"role\":{\"x\":\"arn:aws:iam::aws:policy/ReadOnly\"},\"privateIpAddress\":\"010.0.0.1\","
                    + "\"publicIp\":\"not an ip\",\"privateDnsName\":\"ip-10-0-0-1.ec2.internal\",\"n\":5,"
                    + "\"items\":[{\"instanceId\":\"i-1\"},{\"instanceId\":\"x-2\"}],\"z\":\"arn:aws:s3:::b\\uD83D\\uDE00\","
                    + "\"w\":\"arn:aws:s3:::b\\uFFFF\"},"
                    + "\"userIdentity\":{\"sessionContext\":{\"webIdFederationData\":{\"attributes\":{\"aws:SourceArn\":"
                    + "\"arn:aws:sts::210987654321:assumed-role/r/s\"}}}}}"))
        .containsExactlyEntriesOf(
            expected(
                "p_any_aws_account_ids", List.of("123456789012", "210987654321"),
                // U+FFFF is EF BF BF in UTF-8, U+1F600 F0 9F 98 80: byte order puts the emoji last
                // (UTF-16 order would not)
                "p_any_aws_arns",
                    List.of(
                        "arn:aws:iam::aws:policy/ReadOnly",
                        "arn:aws:s3:::b\uFFFF",
                        "arn:aws:s3:::b\uD83D\uDE00",
                        "arn:aws:sts::210987654321:assumed-role/r/s"),
                "p_any_aws_instance_ids", List.of("i-1"),
                "p_any_domain_names", List.of("ip-10-0-0-1.ec2.internal"),
                "p_any_ip_addresses", List.of("010.0.0.1", "2001:db8::1")));
  }

  @ParameterizedTest
  @CsvSource({
    "2024-01-01T10:00:00Z, 2024-01-01 10:00:00.000000000",
    "2024-01-01T12:30:00.5+02:30, 2024-01-01 10:00:00.500000000",
    "2024-01-01T10:00:00.123456789123Z, 2024-01-01 10:00:00.123456789",
    "2024-01-01 10:00:00, 2024-01-01 10:00:00.000000000",
    "2024-01-01 10:00:00.25, 2024-01-01 10:00:00.250000000",
    "2024-02-29T23:59:59-00:01, 2024-03-01 00:00:59.000000000",
    // the edges of the writable range: UTC years 0000 and 9999
    "0000-01-01T00:00:00Z, 0000-01-01 00:00:00.000000000",
    "0000-01-01T14:00:00+14:00, 0000-01-01 00:00:00.000000000",
    "9999-12-31T23:59:59.999999999Z, 9999-12-31 23:59:59.999999999",
    "9999-12-31T09:59:59.999999999-14:00, 9999-12-31 23:59:59.999999999",
    "0000-01-01 00:00:00, 0000-01-01 00:00:00.000000000",
    "9999-12-31 23:59:59.5, 9999-12-31 23:59:59.500000000"
  })
  void eventTime_readsRfc3339AndTheDataLakeLayout_writesNineFractionDigitsUtc(
      String in, String out) {
    assertThat(EventTime.format(EventTime.parse(in))).isEqualTo(out);
  }

  @ParameterizedTest
  @CsvSource({
    "+1000000000-12-31T23:59:59Z",
    "2024-01-01T10:00:00",
    "2024-01-01 10:00:00Z",
    "2023-02-29T00:00:00Z",
    "2024-01-01T10:00Z",
    "2024-01-01T10:00:00.Z",
    "2024-1-01T10:00:00Z",
    "garbage",
    "''",
    "2024-01-01t10:00:00z",
    "2024-01-01T10:00:60Z",
    "2024-01-01T10:00:00+24:00",
    // valid RFC 3339 whose UTC year is -1 or 10000: the layout cannot write them, so no time
    "0000-01-01T00:00:00+14:00",
    "0000-01-01T13:59:59.999999999+14:00",
    "9999-12-31T23:59:59-14:00",
    "9999-12-31T10:00:00-14:00"
  })
  void eventTime_anythingElseIsNoTime_withoutAnException(String in) {
    assertThat(EventTime.parse(in)).isNull();
  }

  @Test
  void eventTime_formatRefusesWhatTheLayoutCannotWrite_andIngestionRefusesSuchAParseTime() {
    Instant yearMinusOne = Instant.parse("0000-01-01T00:00:00Z").minusNanos(1);
    Instant year10000 = Instant.parse("9999-12-31T23:59:59.999999999Z").plusNanos(1);
    for (Instant t : List.of(yearMinusOne, year10000, Instant.MIN, Instant.MAX)) {
      assertThat(EventTime.inRange(t)).isFalse();
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> EventTime.format(t))
          .withMessageContaining("0000-9999");
      org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
          .isThrownBy(() -> new Ingestion("s", t, "r"))
          .withMessageContaining("parseTime");
    }
  }

  @Test
  void anEventTimeOutsideTheWritableYears_isNoTime_keptAsWritten_andPEventTimeIsTheParseTime() {
    for (String time : List.of("0000-01-01T00:00:00+14:00", "9999-12-31T23:59:59-14:00")) {
      JsonNode f = added("{\"eventTime\":\"" + time + "\"}", StandardFields.NEEDS_ALL);
      assertThat(f.get("eventTime").asText()).isEqualTo(time);
      assertThat(f.get("p_event_time").asText()).isEqualTo("2026-01-02 03:04:05.123000000");
    }
  }

  @ParameterizedTest
  @CsvSource({
    "2019-01-01 00:00:00.123, 2019-01-01 00:00:00.123000000",
    "2019-01-01 00:00:00, 2019-01-01 00:00:00.000000000",
    "2019-01-01 00:00:00.123456, 2019-01-01 00:00:00.123456000",
    "2019-01-01 00:00:00.123456789, 2019-01-01 00:00:00.123456789"
  })
  void eventTimeAlreadyInTheDataLakeLayout_isWrittenWithNineDigitsToo_likePEventTime(
      String in, String out) {
    JsonNode f = added("{\"eventTime\":\"" + in + "\"}", StandardFields.NEEDS_ALL);
    assertThat(f.get("eventTime").asText()).isEqualTo(out);
    assertThat(f.get("p_event_time").asText()).isEqualTo(out);
  }

  private static JsonNode added(String event, int needs) {
    Event e = Event.parse(event);
    return StandardFields.apply(e, "AWS.CloudTrail", INGESTION, needs, false).fields();
  }

  @Test
  void addsWhatIsAsked_inPanthersLayout_eventTimeRewritten() {
    JsonNode f =
        added(
            "{\"eventTime\":\"2024-01-01T10:00:00Z\",\"sourceIPAddress\":\"1.2.3.4\"}",
            StandardFields.NEEDS_ALL);
    assertThat(f.get("eventTime").asText()).isEqualTo("2024-01-01 10:00:00.000000000");
    assertThat(f.get("p_event_time").asText()).isEqualTo("2024-01-01 10:00:00.000000000");
    assertThat(f.get("p_parse_time").asText()).isEqualTo("2026-01-02 03:04:05.123000000");
    assertThat(f.get("p_log_type").asText()).isEqualTo("AWS.CloudTrail");
    assertThat(f.get("p_row_id").asText()).isEqualTo("00ab");
    assertThat(f.get("p_source_label").asText()).isEqualTo("bucket/a.json");
    assertThat(f.get("p_any_ip_addresses").toString()).isEqualTo("[\"1.2.3.4\"]");
    JsonNode onlyParse =
        added("{\"eventTime\":\"2024-01-01T10:00:00Z\"}", StandardFields.NEEDS_PARSE_TIME);
    assertThat(onlyParse.get("eventTime").asText()).isEqualTo("2024-01-01T10:00:00Z");
    assertThat(onlyParse.has("p_event_time")).isFalse();
  }

  @Test
  void anEventWithoutReadableTime_getsTheParseTime_andKeepsWhatItCarries() {
    JsonNode f = added("{\"eventTime\":\"yesterday\"}", StandardFields.NEEDS_ALL);
    assertThat(f.get("p_event_time").asText()).isEqualTo("2026-01-02 03:04:05.123000000");
    assertThat(f.get("eventTime").asText()).isEqualTo("yesterday");
  }

  @Test
  void fieldsAnExportCarries_areNeverOverwritten() {
    JsonNode f =
        added(
            "{\"eventTime\":\"2024-01-01 10:00:00.000\",\"p_event_time\":\"2024-01-01 10:00:00.000\","
                + "\"p_log_type\":\"AWS.CloudTrail\",\"p_row_id\":\"abc\",\"p_parse_time\":\"2024-01-01 11:00:00.000\","
                + "\"p_source_label\":\"prod\",\"p_any_aws_arns\":[\"curated\"],\"sourceIPAddress\":\"1.2.3.4\"}",
            StandardFields.NEEDS_ALL);
    assertThat(f.get("eventTime").asText())
        .isEqualTo("2024-01-01 10:00:00.000000000"); // not a p_ field: normalized
    assertThat(f.get("p_event_time").asText()).isEqualTo("2024-01-01 10:00:00.000");
    assertThat(f.get("p_row_id").asText()).isEqualTo("abc");
    assertThat(f.get("p_parse_time").asText()).isEqualTo("2024-01-01 11:00:00.000");
    assertThat(f.get("p_source_label").asText()).isEqualTo("prod");
    assertThat(f.get("p_any_aws_arns").toString()).isEqualTo("[\"curated\"]");
    assertThat(f.has("p_any_ip_addresses")).isFalse(); // an export's p_any_* set is kept whole
  }

  @Test
  void needsOf_topLevelMemberIgnoringCase() {
    assertThat(StandardFields.needsOf(FieldPath.parseKeyPath("p_any_aws_arns[0]")))
        .isEqualTo(StandardFields.NEEDS_INDICATORS);
    assertThat(StandardFields.needsOf(FieldPath.parseKeyPath("P_Event_Time")))
        .isEqualTo(StandardFields.NEEDS_EVENT_TIME);
    assertThat(StandardFields.needsOf(FieldPath.parseKeyPath("eventTime")))
        .isEqualTo(StandardFields.NEEDS_TIME_LAYOUT);
    assertThat(StandardFields.needsOf(FieldPath.parseKeyPath("p_enrichment.t.s"))).isZero();
    assertThat(StandardFields.needsOf(FieldPath.parseKeyPath("userIdentity.p_row_id"))).isZero();
  }
}
