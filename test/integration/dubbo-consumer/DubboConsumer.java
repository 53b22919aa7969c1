import cn.keking.callcenter.sdk.exception.CallBackException;
import cn.keking.callcenter.sdk.model.CallBackTask;
import cn.keking.callcenter.sdk.model.enums.RequestMethodEnum;
import com.caucho.hessian.io.Hessian2Input;
import com.caucho.hessian.io.Hessian2Output;
import java.io.*;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/**
 * An independent Dubbo consumer for Bida's integration test: Caucho Hessian 2 (Debian's libhessian-java) for the
 * body, its own code for the 16-byte Dubbo frame, and discovery through the Redis registry (KEYS + HGETALL over
 * RESP, as Dubbo 2.6's RedisRegistry reads it) or ZooKeeper (the Java client). Prints one line per step; the
 * test reads them.
 *
 * usage: DubboConsumer redis host:port/db receiverBaseUrl tag [all]
 *        DubboConsumer zookeeper host:port receiverBaseUrl tag [all]
 *        DubboConsumer direct host:port receiverBaseUrl tag [all]
 */
public class DubboConsumer {
    static final String SERVICE = "cn.keking.callcenter.sdk.service.CallBackService";
    static final String DESC = "Lcn/keking/callcenter/sdk/model/CallBackTask;";
    static final String PROVIDERS = "/dubbo/" + SERVICE + "/providers";

    public static void main(String[] args) throws Exception {
        String provider = args[0].equals("redis") ? fromRedis(args[1])
            : args[0].equals("zookeeper") ? fromZooKeeper(args[1])
            : "dubbo://" + args[1] + "/" + SERVICE + "?interface=" + SERVICE + "&methods=call,doCall&version=1.0";
        System.out.println("provider " + provider);
        Map<String, String> params = query(provider);
        if (!"1.0".equals(params.get("version")) || !SERVICE.equals(params.get("interface")) || !Arrays.asList(params.get("methods").split(",")).contains("call")) {
            throw new IllegalStateException("provider URL does not match @Reference(version = \"1.0\"): " + provider);
        }
        String hostPort = provider.substring("dubbo://".length(), provider.indexOf('/', "dubbo://".length()));
        String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
        int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
        String base = args[2];
        String tag = args[3];
        boolean all = args.length > 4 && args[4].equals("all");
        if (args.length > 4 && args[4].equals("bench")) {
            bench(host, port, base, tag, Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            return;
        }
        try (Connection c = new Connection(host, port)) {
            Reply hb = c.heartbeat();
            System.out.println("heartbeat " + (hb.event && hb.status == 20 ? "ok" : "bad flag=" + hb.flag + " status=" + hb.status));

            Map<String, Object> nested = new LinkedHashMap<>();
            nested.put("city", "上海");
            nested.put("tags", Arrays.asList("快递", "加急"));
            Map<String, Object> inner = new HashMap<>();
            inner.put("名字", "张三");
            inner.put("count", 3);
            nested.put("buyer", inner);
            CallBackTask get = task(base + "/get-" + tag, RequestMethodEnum.GET, nested, "成功");
            System.out.println("get " + show(c.call("call", get)));
            if (!all) return;

            CallBackTask post = task(base + "/post-" + tag, RequestMethodEnum.POST, nested, "处理成功");
            System.out.println("post " + show(c.call("call", post)));
            // Dubbo's retry after a timeout sends the same task again.
            System.out.println("retry " + show(c.call("call", post)));

            CallBackTask bad = task("ftp://nowhere", RequestMethodEnum.GET, null, "");
            bad.limitCallCount = 0;
            System.out.println("invalid " + show(c.call("call", bad)));
            // doCall skipped kkbida's checks, but Bida still refuses what it cannot deliver.
            System.out.println("invalid-docall " + show(c.call("doCall", bad)));

            System.out.println("unknown-method " + show(c.call("callLater", get)));
            System.out.println("after-unknown " + show(c.call("call", task(base + "/after-" + tag, RequestMethodEnum.GET, null, "成功"))));

            Reply broken = c.send(false, true, new byte[] {(byte) 0x43, (byte) 0xff, (byte) 0xff});
            System.out.println("bad-body " + show(broken));
            System.out.println("after-bad-body " + (c.heartbeat().status == 20 ? "ok" : "bad"));

            ExecutorService pool = Executors.newFixedThreadPool(50);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                final int n = i;
                futures.add(pool.submit(() -> {
                    long started = System.nanoTime();
                    String answer = show(c.call("call", task(base + "/many-" + tag + "/" + n, RequestMethodEnum.GET, null, "成功")));
                    return n + " " + answer + " " + (System.nanoTime() - started) / 1_000_000;
                }));
            }
            long started = System.nanoTime();
            for (Future<String> f : futures) System.out.println("concurrent " + f.get(30, TimeUnit.SECONDS));
            System.out.println("concurrent-total-ms " + (System.nanoTime() - started) / 1_000_000);
            pool.shutdown();
        }
        System.out.println("done");
    }

    /** For docs/operations/dubbo.md: `total` calls, `inFlight` at a time on one connection, after a warm-up. */
    static void bench(String host, int port, String base, String tag, int total, int inFlight) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(inFlight, r -> {
            Thread t = new Thread(r);
            t.setDaemon(true);
            return t;
        });
        try (Connection c = new Connection(host, port)) {
            for (int round = 0; round < 2; round++) {
                List<Future<Long>> futures = new ArrayList<>();
                long started = System.nanoTime();
                int n = round == 0 ? Math.min(total, 500) : total;
                for (int i = 0; i < n; i++) {
                    final int k = i;
                    futures.add(pool.submit(() -> {
                        long t = System.nanoTime();
                        Reply r = c.call("call", task(base + "/bench-" + tag + "/" + k + "-" + System.nanoTime(), RequestMethodEnum.GET, null, "成功"));
                        if (r.value == null) throw new IllegalStateException(show(r));
                        return (System.nanoTime() - t) / 1000;
                    }));
                }
                List<Long> us = new ArrayList<>();
                for (Future<Long> f : futures) us.add(f.get(60, TimeUnit.SECONDS));
                double seconds = (System.nanoTime() - started) / 1e9;
                Collections.sort(us);
                if (round == 1) System.out.printf("bench calls=%d inFlight=%d calls/s=%.0f p50=%.1fms p99=%.1fms max=%.1fms%n", n, inFlight, n / seconds,
                    us.get(n / 2) / 1000.0, us.get((int) (n * 0.99)) / 1000.0, us.get(n - 1) / 1000.0);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The task id, `EXC <class> <message>` for an exception result, or `ERR <status> <message>`. */
    static String show(Reply r) {
        if (r.status != 20) return "ERR " + r.status + " " + r.error;
        if (r.exception != null) return "EXC " + r.exception.getClass().getName() + " " + r.exception.getMessage();
        return String.valueOf(r.value);
    }

    static CallBackTask task(String url, RequestMethodEnum method, Map<String, Object> params, String expect) {
        CallBackTask t = new CallBackTask();
        t.url = url;
        t.requestMethod = method;
        t.requestParam = params;
        t.sourceAppName = "订单系统";
        t.targetAppName = "partner";
        t.expectResult = expect;
        t.limitCallCount = 3;
        return t;
    }

    static Map<String, String> query(String url) {
        Map<String, String> m = new HashMap<>();
        for (String kv : url.substring(url.indexOf('?') + 1).split("&")) {
            int eq = kv.indexOf('=');
            m.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
        return m;
    }

    // ---- discovery ----

    static String fromZooKeeper(String connect) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(connect, 10000, e -> {
            if (e.getState() == Watcher.Event.KeeperState.SyncConnected) connected.countDown();
        });
        try {
            if (!connected.await(20, TimeUnit.SECONDS)) throw new IllegalStateException("ZooKeeper did not connect");
            List<String> children = zk.getChildren(PROVIDERS, false);
            if (children.isEmpty()) throw new IllegalStateException("no provider under " + PROVIDERS);
            System.out.println("zookeeper-children " + children.size());
            return URLDecoder.decode(children.get(0), "UTF-8");
        } finally {
            zk.close();
        }
    }

    static String fromRedis(String address) throws Exception {
        String hostPort = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
        String db = address.contains("/") ? address.substring(address.indexOf('/') + 1) : "0";
        try (Socket s = new Socket(hostPort.split(":")[0], Integer.parseInt(hostPort.split(":")[1]))) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            resp(out, in, "SELECT", db);
            @SuppressWarnings("unchecked")
            List<Object> keys = (List<Object>) resp(out, in, "KEYS", "/dubbo/" + SERVICE + "/*");
            if (!keys.contains(PROVIDERS)) throw new IllegalStateException("no key " + PROVIDERS + " in " + keys);
            @SuppressWarnings("unchecked")
            List<Object> pairs = (List<Object>) resp(out, in, "HGETALL", PROVIDERS);
            long now = System.currentTimeMillis();
            for (int i = 0; i < pairs.size(); i += 2) {
                long expires = Long.parseLong((String) pairs.get(i + 1));
                // As RedisRegistry.doNotify: an entry whose expiry has passed is a dead provider.
                if (expires >= now) {
                    System.out.println("redis-expires-in " + (expires - now));
                    return (String) pairs.get(i);
                }
            }
            throw new IllegalStateException("no live provider in " + pairs);
        }
    }

    static Object resp(OutputStream out, DataInputStream in, String... cmd) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(("*" + cmd.length + "\r\n").getBytes(StandardCharsets.UTF_8));
        for (String part : cmd) {
            byte[] p = part.getBytes(StandardCharsets.UTF_8);
            b.write(("$" + p.length + "\r\n").getBytes(StandardCharsets.UTF_8));
            b.write(p);
            b.write("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        out.write(b.toByteArray());
        out.flush();
        return readResp(in);
    }

    static Object readResp(DataInputStream in) throws IOException {
        int type = in.read();
        String line = readLine(in);
        switch (type) {
            case '+': return line;
            case '-': throw new IOException("redis: " + line);
            case ':': return Long.parseLong(line);
            case '$': {
                int n = Integer.parseInt(line);
                if (n < 0) return null;
                byte[] data = new byte[n];
                in.readFully(data);
                readLine(in);
                return new String(data, StandardCharsets.UTF_8);
            }
            case '*': {
                int n = Integer.parseInt(line);
                List<Object> list = new ArrayList<>();
                for (int i = 0; i < n; i++) list.add(readResp(in));
                return list;
            }
            default: throw new IOException("redis: unexpected reply type " + type);
        }
    }

    static String readLine(DataInputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int c; (c = in.read()) != '\r'; ) sb.append((char) c);
        in.read();
        return sb.toString();
    }

    // ---- the Dubbo frame ----

    static class Reply {
        int flag;
        int status;
        boolean event;
        Object value;
        Throwable exception;
        String error;
    }

    static class Connection implements Closeable {
        final Socket socket;
        final DataOutputStream out;
        final AtomicLong ids = new AtomicLong(100);
        final Map<Long, CompletableFuture<Reply>> waiting = new ConcurrentHashMap<>();

        Connection(String host, int port) throws IOException {
            socket = new Socket(host, port);
            out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
            Thread reader = new Thread(this::readLoop, "dubbo-reader");
            reader.setDaemon(true);
            reader.start();
        }

        void readLoop() {
            try {
                DataInputStream in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
                while (true) {
                    byte[] header = new byte[16];
                    in.readFully(header);
                    if ((header[0] & 0xff) != 0xda || (header[1] & 0xff) != 0xbb) throw new IOException("bad magic");
                    int flag = header[2] & 0xff;
                    long id = 0;
                    for (int i = 4; i < 12; i++) id = (id << 8) | (header[i] & 0xff);
                    int len = ((header[12] & 0xff) << 24) | ((header[13] & 0xff) << 16) | ((header[14] & 0xff) << 8) | (header[15] & 0xff);
                    byte[] body = new byte[len];
                    in.readFully(body);
                    if ((flag & 0x80) != 0) continue; // a request from the provider (its read-only event)
                    Reply r = new Reply();
                    r.flag = flag;
                    r.status = header[3] & 0xff;
                    r.event = (flag & 0x20) != 0;
                    Hessian2Input h = new Hessian2Input(new ByteArrayInputStream(body));
                    if (r.event) {
                        h.readObject();
                    } else if (r.status != 20) {
                        r.error = h.readString();
                    } else {
                        int result = h.readInt();
                        if (result == 0 || result == 3) {
                            Object o = h.readObject();
                            if (!(o instanceof Throwable)) throw new IOException("expected a Throwable, got " + o);
                            r.exception = (Throwable) o;
                        } else if (result == 1 || result == 4) {
                            r.value = h.readObject();
                        } else if (result != 2 && result != 5) {
                            throw new IOException("unknown result flag " + result);
                        }
                        if (result >= 3) h.readObject(Map.class);
                    }
                    CompletableFuture<Reply> f = waiting.remove(id);
                    if (f != null) f.complete(r);
                    else System.out.println("error answer for unknown id " + id);
                }
            } catch (IOException e) {
                for (CompletableFuture<Reply> f : waiting.values()) f.completeExceptionally(e);
            }
        }

        Reply send(boolean event, boolean twoWay, byte[] body) throws Exception {
            long id = ids.incrementAndGet();
            CompletableFuture<Reply> f = new CompletableFuture<>();
            waiting.put(id, f);
            byte[] header = new byte[16];
            header[0] = (byte) 0xda;
            header[1] = (byte) 0xbb;
            header[2] = (byte) (0x80 | (twoWay ? 0x40 : 0) | (event ? 0x20 : 0) | 2);
            for (int i = 0; i < 8; i++) header[11 - i] = (byte) (id >>> (8 * i));
            for (int i = 0; i < 4; i++) header[15 - i] = (byte) (body.length >>> (8 * i));
            synchronized (out) {
                out.write(header);
                out.write(body);
                out.flush();
            }
            return f.get(10, TimeUnit.SECONDS);
        }

        Reply heartbeat() throws Exception {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Hessian2Output h = new Hessian2Output(b);
            h.writeNull();
            h.flush();
            return send(true, true, b.toByteArray());
        }

        Reply call(String method, CallBackTask task) throws Exception {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            Hessian2Output h = new Hessian2Output(b);
            h.writeString("2.0.2");
            h.writeString(SERVICE);
            h.writeString("1.0");
            h.writeString(method);
            h.writeString(DESC);
            h.writeObject(task);
            Map<String, String> attachments = new HashMap<>();
            attachments.put("path", SERVICE);
            attachments.put("interface", SERVICE);
            attachments.put("version", "1.0");
            attachments.put("timeout", "1000");
            h.writeObject(attachments);
            h.flush();
            Reply r = send(false, true, b.toByteArray());
            if (r.exception != null && !(r.exception instanceof CallBackException)) System.out.println("error exception " + r.exception);
            return r;
        }

        public void close() throws IOException {
            socket.close();
        }
    }
}
