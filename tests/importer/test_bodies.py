"""The bodies a responsibility line prints, cut without a registry, and the draft's registry."""

from __future__ import annotations

from bizenv_cli.importer.bodies import DraftRegistry, printed_names


def test_a_bracketed_role_word_ends_the_name_before_it():
    assert printed_names("市税务局（牵头）、市财政局（配合）") == ["市税务局", "市财政局"]


def test_a_closing_full_stop_is_no_part_of_the_last_name():
    assert printed_names("市发展改革委、市财政局。") == ["市发展改革委", "市财政局"]


def test_a_spelling_the_registry_would_refuse_is_never_registered():
    # 市税务局（牵头） reads as 市税务局 + （牵头）: a registry holding it is refused, and with it every
    # later line of the package would go unread.
    bodies = DraftRegistry(None, "某某市")
    assert bodies.add_names(["市税务局", "市税务局（牵头）", "市财政局"]) == ["市税务局", "市财政局"]
    assigned, added = bodies.read("市财政局牵头，市税务局配合")
    assert ([(body.name, body.role) for body in assigned], added) == ([("市财政局", "lead"), ("市税务局", "support")], [])


def test_no_body_is_registered_for_a_line_that_names_none():
    # 责任单位：无 had registered a body named 无, and the draft was valid.
    bodies = DraftRegistry(None, "某某市")
    for raw, why in (("无", "'无' says that no body is named"), ("—", "'—' is punctuation")):
        try:
            bodies.read(raw)
        except ValueError as error:
            assert str(error).startswith(why)
        else:
            raise AssertionError(f"{raw} was read")
    assert bodies.new == []


def test_a_line_that_prints_a_time_registers_none_of_its_pieces():
    # The reader reports 各县（市、区）政府（2023年6月） piece by piece: 各县, 市, 区 and 政府 had been
    # registered as bodies before the time was reached.
    bodies = DraftRegistry(None, "某某市")
    try:
        bodies.read("各县（市、区）政府（2023年6月）")
    except ValueError as error:
        assert str(error) == ("'各县（市、区）政府（2023年6月）' prints a time, which is no body (a deadline belongs on a "
                              "line of its own, 完成时限：…)")
    else:
        raise AssertionError("the line was read")
    assert bodies.new == []
