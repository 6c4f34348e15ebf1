package io.loginetl;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.loginetl.masking.MaskKeys;
import io.loginetl.masking.MaskMode;
import io.loginetl.support.AppProcess;
import io.loginetl.support.Pipeline;
import io.loginetl.support.RealPartsTestSupport;
import io.loginetl.support.TestQueues;
import io.loginetl.support.TestSettings;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * mask.ip-mode=prefix on the real sample: analysts group logins by network in SQL, the key holder unmasks the
 * addresses, and after a rotation rekey moves every token under the new key with the grouping intact.
 */
class PrefixIpModeIT extends RealPartsTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The masked /24 of a row, as docs/security.md shows analysts. */
    private static final String MASKED_NET = "network(set_masklen(split_part(masked_ip, '@', 1)::inet, 24))";

    @Test
    void loginsFromOneSlash24GroupTogetherInSqlAndUnmaskToTheirAddresses() throws Exception {
        // The sample's addresses are all in different /24s: two more logins join the first one's
        List<String> sample = TestQueues.sample();
        Map<String, Object> first = firstEvent(sample);
        String ip = (String) first.get("ip");
        String net = ip.substring(0, ip.lastIndexOf('.') + 1);
        int host = Integer.parseInt(ip.substring(ip.lastIndexOf('.') + 1));
        List<String> messages = new ArrayList<>(sample);
        messages.add(login("neighbour-1", net + (host + 1) % 256, "000-00-0001"));
        messages.add(login("neighbour-2", net + (host + 128) % 256, "000-00-0002"));
        queues.send(messages);

        String key = MaskKeys.generate(MaskMode.SIV);
        load(key, 101);

        assertEquals(99, db.count("SELECT count(DISTINCT " + MASKED_NET + ") FROM user_logins"),
                "99 networks: the sample's 99 and none more for the neighbours");
        List<Map<String, Object>> groups = db.rows("SELECT " + MASKED_NET + "::text AS net, string_agg(user_id, ',' ORDER BY user_id) AS users"
                + " FROM user_logins GROUP BY 1 HAVING count(*) > 1");
        assertEquals(1, groups.size(), groups.toString());
        assertEquals(Set.of(first.get("user_id"), "neighbour-1", "neighbour-2"), Set.of(((String) groups.get(0).get("users")).split(",")));
        assertTrue(((String) groups.get(0).get("net")).endsWith("/24"), groups.toString());
        assertTrue(!((String) groups.get(0).get("net")).startsWith(net), "the masked network is not the real one");

        List<Map<String, Object>> rows = db.rows("SELECT user_id, masked_ip FROM user_logins ORDER BY user_id");
        Map<String, String> addresses = addressesByUser(messages);
        assertEquals(rows.stream().map(r -> addresses.get((String) r.get("user_id"))).toList(), unmask(key, rows));

        // Rotation: rekey moves every token under the new key, and the networks still group the same way
        String rotated = MaskKeys.rotate(key, MaskMode.SIV);
        Map<String, String> settings = settings(rotated);
        try (AppProcess rekey = AppProcess.start(settings, "rekey")) {
            assertEquals(0, rekey.awaitExit(60), rekey.output());
            assertTrue(rekey.output().contains("rekey: 101 row(s) of user_logins re-masked"), rekey.output());
        }
        assertEquals(1, db.count("SELECT count(DISTINCT split_part(masked_ip, '@', 2)) FROM user_logins"), "one key id: the new one");
        assertEquals(groups.get(0).get("users"), db.rows("SELECT string_agg(user_id, ',' ORDER BY user_id) AS users FROM user_logins"
                + " GROUP BY " + MASKED_NET + " HAVING count(*) > 1").get(0).get("users"));
        List<Map<String, Object>> rekeyed = db.rows("SELECT user_id, masked_ip FROM user_logins ORDER BY user_id");
        assertEquals(rows.stream().map(r -> addresses.get((String) r.get("user_id"))).toList(), unmask(rotated, rekeyed));
    }

    private void load(String key, long rows) {
        try (Pipeline ignored = Pipeline.start(settings(key))) {
            await(rows + " rows").atMost(Duration.ofSeconds(60))
                    .until(() -> db.count("SELECT count(*) FROM user_logins") == rows && queues.depth(queues.queue) == 0);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private Map<String, String> settings(String key) {
        Map<String, String> settings = TestSettings.of(server.endpoint(), queues, db);
        settings.put("mask.key", key);
        settings.put("mask.ip-mode", "prefix");
        return settings;
    }

    /** `unmask TOKEN...` run by the key holder: one address per token, in order. */
    private List<String> unmask(String key, List<Map<String, Object>> rows) throws Exception {
        List<String> args = new ArrayList<>(List.of("unmask"));
        rows.forEach(r -> args.add((String) r.get("masked_ip")));
        try (AppProcess unmask = AppProcess.start(settings(key), args.toArray(String[]::new))) {
            assertEquals(0, unmask.awaitExit(60), unmask.output());
            return unmask.output().lines().filter(l -> !l.isBlank()).toList();
        }
    }

    private static Map<String, Object> firstEvent(List<String> sample) throws Exception {
        for (String body : sample) {
            Map<String, Object> event = event(body);
            if (event.get("ip") instanceof String && event.get("user_id") instanceof String) {
                return event;
            }
        }
        throw new AssertionError("the sample has events");
    }

    private static Map<String, String> addressesByUser(List<String> messages) throws Exception {
        Map<String, String> byUser = new LinkedHashMap<>();
        for (String body : messages) {
            Map<String, Object> event = event(body);
            if (event.get("user_id") instanceof String user && event.get("ip") instanceof String ip) {
                byUser.put(user, ip);
            }
        }
        return byUser;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> event(String body) throws Exception {
        return JSON.readValue(body, Map.class);
    }

    private static String login(String user, String ip, String deviceId) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("user_id", user);
        event.put("app_version", "2.3.0");
        event.put("device_type", "android");
        event.put("ip", ip);
        event.put("locale", "RU");
        event.put("device_id", deviceId);
        return JSON.writeValueAsString(event);
    }
}
