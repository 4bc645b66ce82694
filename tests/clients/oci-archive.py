#!/usr/bin/env python3
"""oci-archive.py LAYER.tar OUT.tar NAME[:USER]...

Write an OCI image layout archive (what `ctr images import` reads) holding
one image per NAME, all made of the single uncompressed layer LAYER.tar.
NAME:USER sets the image config's User (e.g. localhost/bb-user:latest:1000:1000
gives User "1000:1000"); the ref name is kept in the index annotations."""
import hashlib
import io
import json
import platform
import sys
import tarfile

MT_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
MT_CONFIG = "application/vnd.oci.image.config.v1+json"
MT_LAYER = "application/vnd.oci.image.layer.v1.tar"
ARCH = {"x86_64": "amd64", "aarch64": "arm64"}.get(platform.machine(), platform.machine())


def digest(data):
    return "sha256:" + hashlib.sha256(data).hexdigest()


def as_json(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()


def split_name(arg):
    # localhost/bb:latest or localhost/bb-user:latest:1000:1000
    repo, _, rest = arg.partition(":")
    tag, _, user = rest.partition(":")
    return repo + ":" + (tag or "latest"), user


def main():
    layer_path, out_path, names = sys.argv[1], sys.argv[2], sys.argv[3:]
    with open(layer_path, "rb") as f:
        layer = f.read()
    blobs = {digest(layer): layer}
    index = {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.index.v1+json",
             "manifests": []}
    for arg in names:
        ref, user = split_name(arg)
        conf = {"architecture": ARCH, "os": "linux",
                "config": {"Env": ["PATH=/bin"], "Cmd": ["sh"]},
                "rootfs": {"type": "layers", "diff_ids": [digest(layer)]}}
        if user:
            conf["config"]["User"] = user
        conf = as_json(conf)
        blobs[digest(conf)] = conf
        man = as_json({"schemaVersion": 2, "mediaType": MT_MANIFEST,
                       "config": {"mediaType": MT_CONFIG, "digest": digest(conf),
                                  "size": len(conf)},
                       "layers": [{"mediaType": MT_LAYER, "digest": digest(layer),
                                   "size": len(layer)}]})
        blobs[digest(man)] = man
        index["manifests"].append(
            {"mediaType": MT_MANIFEST, "digest": digest(man), "size": len(man),
             "platform": {"architecture": ARCH, "os": "linux"},
             "annotations": {"io.containerd.image.name": ref,
                             "org.opencontainers.image.ref.name": ref.rsplit(":", 1)[1]}})

    with tarfile.open(out_path, "w") as tar:
        def add(name, data):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            info.mode = 0o644
            tar.addfile(info, io.BytesIO(data))
        add("oci-layout", as_json({"imageLayoutVersion": "1.0.0"}))
        add("index.json", as_json(index))
        for d, data in blobs.items():
            add("blobs/sha256/" + d.split(":", 1)[1], data)


if __name__ == "__main__":
    main()
