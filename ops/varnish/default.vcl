vcl 4.1;
#
# The front cache of the Oslo Cancer Cluster site (Varnish 7.1).
#
# - Caches anonymous GET/HEAD requests for public pages, timeline.json, sitemap.xml,
#   robots.txt, static files and renditions, for as long as the app's Cache-Control
#   says (s-maxage for this cache; browsers get the short max-age).
# - Never caches /admin/ (previews live there), /healthz, Wagtail's password and login
#   helpers (/_util/), documents, non-GET requests, or any request with a session cookie.
# - Cookies that cannot change a public page (analytics, the CSRF token) are dropped, and
#   tracking parameters (utm_*, fbclid, gclid, ...) are taken out of the address, so they
#   neither split nor bypass the cache.
# - PURGE <path> from the app's addresses (acl app) drops every cached variant of that path:
#   any query string, any Host; a PURGE with an xkey-softpurge or xkey-purge header
#   invalidates by cache tag instead (see "Cache tags" below). Anyone else gets 405 and
#   nothing is purged.
# - A request an app instance fails to answer (refused, timed out) is tried once more, on the
#   next instance: replicas restart one at a time without errors (docs/deployment.md).
# - Only the TLS proxy in front (acl tls_proxy) may say how a visitor connected
#   (X-Forwarded-Proto) and who they are (X-Forwarded-For); from anyone else those are dropped.
# - Grace: a page past its lifetime is served while one fetch refreshes it; while the app
#   is down, cached pages are served for up to a day. Requests for one page that is not in
#   the cache wait for one fetch (Varnish's request coalescing), so a purge never sends a
#   crowd of requests for one page to the app.
#
# Deployments replace only the backends' .host and .port (tests do the same). With one app
# instance, point both backends at it.

import directors;
import std;

# Cache tags (vmod xkey, from varnish-modules): the app names what each response shows in
# its xkey header (core.cache_tags); a PURGE with xkey-softpurge or xkey-purge invalidates
# every object carrying one of the tags listed. Soft: the object stays for grace, so visitors
# get it while one background fetch refreshes it. Hard: gone, the next request goes to the app.
import xkey;

probe app_health {
    # /healthz answers whatever the Host header (the app checks it before host validation).
    .url = "/healthz";
    .interval = 5s;
    .timeout = 3s;
    .window = 5;
    .threshold = 3;
    .initial = 3;
}

backend default {
    .host = "web";
    .port = "8000";
    .probe = app_health;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

backend web_2 {
    .host = "web-2";
    .port = "8000";
    .probe = app_health;
    .connect_timeout = 2s;
    .first_byte_timeout = 30s;
}

# The TLS proxy in front (Caddy, ops/caddy/Caddyfile), at the fixed address compose gives it: the
# only client whose X-Forwarded-Proto and X-Forwarded-For are believed (vcl_recv).
acl tls_proxy {
    "172.28.0.3";
}

# Who may purge: the app instances (compose gives them these fixed addresses) and this machine.
acl app {
    "127.0.0.1";
    "::1";
    "172.28.0.10";
    "172.28.0.11";
    "172.28.0.12";
    "172.28.0.13";
}

sub vcl_init {
    new app_instances = directors.round_robin();
    app_instances.add_backend(default);
    app_instances.add_backend(web_2);
}

sub vcl_recv {
    set req.backend_hint = app_instances.backend();

    if (req.method == "PURGE") {
        if (client.ip !~ app) {
            return (synth(405, "Not allowed"));
        }
        # Cache tags: the app's edits (occ_site.front_cache).
        if (req.http.xkey-purge) {
            set req.http.X-Invalidated = xkey.purge(req.http.xkey-purge);
            return (synth(200, "Invalidated"));
        }
        if (req.http.xkey-softpurge) {
            set req.http.X-Invalidated = xkey.softpurge(req.http.xkey-softpurge);
            return (synth(200, "Invalidated"));
        }
        # Every variant of the path, whatever its query string or Host.
        ban("obj.http.x-url-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }

    # Only the TLS proxy says how a visitor connected. It sets X-Forwarded-Proto and puts the
    # visitor's address in X-Forwarded-For, to which varnishd has appended the proxy's own: that
    # is taken off again, so the app finds the visitor's address last whether or not a TLS proxy is
    # in front (DJANGO_TRUSTED_PROXY_COUNT=1 either way). From anyone else, every header that
    # claims a scheme or port is dropped: the app would believe X-Forwarded-Proto: https.
    if (client.ip ~ tls_proxy) {
        set req.http.X-Forwarded-For = regsub(req.http.X-Forwarded-For, ",\s*[^,]*$", "");
    } else {
        unset req.http.X-Forwarded-Proto;
        unset req.http.X-Forwarded-Port;
        unset req.http.X-Forwarded-Ssl;
        unset req.http.X-Forwarded-Scheme;
        unset req.http.X-Url-Scheme;
        unset req.http.Front-End-Https;
        unset req.http.Forwarded;
    }
    # Nothing the client sends may pose as a forwarding proxy's header the app trusts.
    unset req.http.X-Forwarded-Host;
    unset req.http.X-Original-URL;
    unset req.http.X-Rewrite-URL;

    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    if (req.url ~ "^/(admin|_util|documents)/" || req.url ~ "^/healthz") {
        return (pass);
    }
    # A session means a signed-in editor (userbar, drafts) or a visitor who unlocked a page.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|messages)=") {
        return (pass);
    }
    unset req.http.Cookie;
    # The page's language comes from its address (/nb/...), never from the browser's settings.
    unset req.http.Accept-Language;

    # Tracking parameters change nothing on a page: drop them, then sort what is left.
    set req.url = regsuball(req.url, "([?&])(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid|_ga|_gl)=[^&]*", "\1");
    set req.url = regsuball(req.url, "&&+", "&");
    set req.url = regsub(req.url, "[?&]+$", "");
    set req.url = regsub(req.url, "\?&+", "?");
    set req.url = std.querysort(req.url);

    # Refresh in the background for a little while after a page's lifetime; serve stale
    # pages for much longer only while the app cannot answer.
    if (std.healthy(req.backend_hint)) {
        set req.grace = 30s;
    } else {
        set req.grace = 24h;
    }
    return (hash);
}

sub vcl_hash {
    hash_data(req.url);
    if (req.http.Host) {
        hash_data(std.tolower(req.http.Host));
    } else {
        hash_data(server.ip);
    }
    # Absolute links in a page follow the scheme a TLS proxy in front reports.
    if (req.http.X-Forwarded-Proto) {
        hash_data(req.http.X-Forwarded-Proto);
    }
    return (lookup);
}

sub vcl_backend_response {
    # What a PURGE compares against (lurker-friendly ban), removed again before delivery.
    set beresp.http.x-url-path = regsub(bereq.url, "\?.*$", "");
    # Keep objects past their lifetime for grace (vcl_recv decides how much of it to use).
    set beresp.grace = 24h;
    # A failed background refresh must not replace the stale copy visitors are getting.
    if (beresp.status >= 500 && bereq.is_bgfetch) {
        return (abandon);
    }
    # Everything else as the app's Cache-Control says (Varnish's built-in rules: private,
    # no-cache, no-store and Set-Cookie are never cached).
}

sub vcl_backend_error {
    # An instance that does not answer (stopped for an upgrade, say) before the health probe has
    # noticed: ask the next one once, so a rolling restart costs visitors nothing.
    if (bereq.retries < 1) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.x-url-path;
    # Cache tags are for this cache only (and they name pages and photos by their ids).
    unset resp.http.xkey;
    # Browsers and proxies after this one cannot be purged: they get the short max-age only.
    if (resp.http.Cache-Control ~ "s-maxage") {
        set resp.http.Cache-Control = regsuball(resp.http.Cache-Control, ",?\s*s-maxage=[0-9]+", "");
        set resp.http.Cache-Control = regsub(resp.http.Cache-Control, "^,\s*", "");
    }
    if (obj.uncacheable) {
        set resp.http.X-Cache = "pass";
    } elsif (obj.hits > 0) {
        set resp.http.X-Cache = "hit";
    } else {
        set resp.http.X-Cache = "miss";
    }
}

sub vcl_synth {
    # How many objects a tag purge invalidated (only the app's purges reach that branch).
    if (req.method == "PURGE" && req.http.X-Invalidated) {
        set resp.http.X-Invalidated = req.http.X-Invalidated;
    }
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason;
    return (deliver);
}
