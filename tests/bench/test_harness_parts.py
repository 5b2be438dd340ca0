"""Parts of the benchmark harness that decide figures: generated data, packets, counting.

If the generated MCPD file had invalid rows the import benchmark would time rejections; if
the publisher framed packets wrongly the broker would drop them; if duplicates were counted
wrongly "0 duplicated" would mean nothing. No timings here.
"""

from __future__ import annotations

import sqlite3

from bench.fastpub import _remaining_length, publish_packet
from bench.mcpd_data import write_mcpd_csv
from bench.readings import count_readings, duplicate_readings


def test_generated_mcpd_file_is_valid_for_the_product(tmp_path):
    from germbank.mcpd import check_file

    path = write_mcpd_csv(tmp_path / "bank.csv", 300)
    check = check_file(path)
    results = list(check.results)
    assert len(results) == 300
    assert [r.row for r in results if not r.ok] == []
    assert {r.record["INSTCODE"] for r in results} == {"CHN145"}
    assert len({r.record["ACCENUMB"] for r in results}) == 300


def test_generated_file_is_the_same_every_time(tmp_path):
    first = write_mcpd_csv(tmp_path / "a.csv", 50).read_bytes()
    second = write_mcpd_csv(tmp_path / "b.csv", 50).read_bytes()
    assert first == second


def test_mqtt_remaining_length_boundaries():
    assert _remaining_length(0) == b"\x00"
    assert _remaining_length(127) == b"\x7f"
    assert _remaining_length(128) == b"\x80\x01"
    assert _remaining_length(16_383) == b"\xff\x7f"
    assert _remaining_length(16_384) == b"\x80\x80\x01"


def test_publish_packet_is_qos1_with_topic_id_and_payload():
    packet = publish_packet("a/b", b"{}", 258)
    assert packet[0] == 0x32
    assert packet[1] == len(packet) - 2
    assert packet[2:7] == b"\x00\x03a/b"
    assert packet[7:9] == b"\x01\x02"
    assert packet[9:] == b"{}"


def test_naive_table_duplicates_are_counted_per_extra_row(tmp_path):
    path = tmp_path / "naive.db"
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE naive_reading (device TEXT, metric TEXT, ts TEXT, value REAL)")
    rows = [("d1", "temperature", "t1", 1.0), ("d1", "temperature", "t1", 1.0),
            ("d1", "temperature", "t1", 1.0), ("d1", "humidity", "t1", 50.0),
            ("d2", "temperature", "t1", 2.0)]
    connection.executemany("INSERT INTO naive_reading VALUES (?, ?, ?, ?)", rows)
    connection.commit()
    connection.close()
    url = f"sqlite:///{path}"
    assert count_readings(url, naive=True) == 5
    assert duplicate_readings(url, naive=True) == 2
