"""The sine-fit widgets: width and activation; one unit's weights; watching gradient descent learn."""

import ipywidgets as W
import pytest

import dlnotes as dl
from dlnotes.approximation import fit_sine, sine_data, sine_trajectory
from dlnotes.widgets.approximation import approximation_widget, learning_widget, unit_roles_widget


def mse_of(num_hiddens, activation):
    X, y = sine_data()
    model = dl.MLP([1, num_hiddens, 1], activation=activation, seed=0)
    dl.train(model, X, y, loss=dl.mse, lr=0.1, epochs=1000, batch_size=len(X), progress=False)
    return float(dl.mse(model(X), y).value)


@pytest.fixture(scope="module")
def widget():
    return approximation_widget(widths=(2, 16))


def test_builds_with_defaults_and_reports_the_mse(widget):
    assert widget.values == {"num_hiddens": 16, "activation": "relu"}
    assert f"MSE = {mse_of(16, 'relu'):.5f}" in widget.text.value
    assert widget.image.value[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.parametrize("name, value", [("num_hiddens", 2), ("activation", "tanh")])
def test_every_control_redraws(widget, name, value):
    before_image, before_text = widget.image.value, widget.text.value
    widget.controls[name].value = value
    assert widget.image.value != before_image
    assert widget.text.value != before_text
    values = widget.values
    assert f"MSE = {mse_of(values['num_hiddens'], values['activation']):.5f}" in widget.text.value
    bias = float(fit_sine(values["num_hiddens"], values["activation"]).layers[1].b.value[0])
    assert f"c = {bias:.3f}" in widget.text.value


def test_the_default_builder_offers_every_width():
    w = approximation_widget()
    assert tuple(w.controls["num_hiddens"].options) == (1, 2, 4, 8, 16, 32)
    assert tuple(w.controls["activation"].options) == ("relu", "tanh")


def test_rejects_a_width_it_has_not_trained():
    with pytest.raises(ValueError, match="num_hiddens"):
        approximation_widget(num_hiddens=3)
    with pytest.raises(ValueError, match="activation"):
        approximation_widget(activation="sigmoid")


# --- one unit's weights: before and after the activation -------------------------------

@pytest.fixture(scope="module")
def roles():
    return unit_roles_widget()


def test_the_unit_starts_at_its_trained_weights_and_reports_its_hinge(roles):
    model = fit_sine(16, "relu")
    w, b = model.layers[0].W.value[0, 6], model.layers[0].b.value[6]
    v = model.layers[1].W.value[6, 0]
    assert roles.values == pytest.approx({"w": round(w, 2), "b": round(b, 2), "v": round(v, 2)})
    hinge = -round(b, 2) / round(w, 2)
    assert f"hinge at x = −b/w = {hinge:+.2f}" in roles.text.value


@pytest.mark.parametrize("name, value", [("w", -1.0), ("b", 0.4), ("v", 1.5)])
def test_every_weight_slider_redraws(roles, name, value):
    before_image, before_text = roles.image.value, roles.text.value
    roles.controls[name].value = value
    assert roles.image.value != before_image and roles.text.value != before_text


def test_v_scales_the_contribution_and_leaves_the_hinge_where_it_is():
    widget = unit_roles_widget()
    hinge = widget.text.value.split("hinge at x = −b/w = ")[1].split(",")[0]
    widget.controls["v"].value = 0.5
    assert widget.text.value.split("hinge at x = −b/w = ")[1].split(",")[0] == hinge
    widget.controls["b"].value = 0.5
    assert widget.text.value.split("hinge at x = −b/w = ")[1].split(",")[0] != hinge


def test_the_trained_weights_give_the_trained_mse_and_others_change_it():
    widget = unit_roles_widget()
    model = fit_sine(16, "relu")
    X, y = sine_data()
    # The sliders hold the weights rounded to 0.01: the MSE is the trained one to 3 places.
    trained = float(dl.mse(model(X), y).value)
    reported = float(widget.text.value.split("training MSE = ")[1])
    assert reported == pytest.approx(trained, abs=2e-3)
    widget.controls["v"].value = 0.0
    assert float(widget.text.value.split("training MSE = ")[1]) > reported + 0.01


def test_w_zero_has_no_hinge():
    widget = unit_roles_widget()
    widget.controls["w"].value = 0.0
    assert "no hinge" in widget.text.value


# --- watch it learn -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def learning():
    return learning_widget(num_hiddens=4, num_epochs=100, every=10)


def test_the_play_button_is_linked_to_the_step_slider(learning):
    slider, play = learning.controls["step"], learning.play
    assert isinstance(play, W.Play)
    assert learning.link.source == (play, "value") and learning.link.target == (slider, "value")
    assert (play.min, play.max, play.step) == (slider.min, slider.max, slider.step) == (0, 100, 10)
    assert play.interval <= 100  # at least 10 frames a second
    assert play in learning.box.children[0].children and learning.step_button in learning.box.children[0].children


def test_each_frame_shows_that_snapshot_of_gradient_descent(learning):
    trajectory = sine_trajectory(4, "relu", num_epochs=100, every=10)
    X, y = sine_data()
    images = set()
    for step in (0, 10, 50, 100):
        learning.controls["step"].value = step
        model = trajectory.models[trajectory.steps.index(step)]
        assert f"training MSE = {float(dl.mse(model(X), y).value):.5f}" in learning.text.value
        assert f"after {step} of 100" in learning.text.value
        images.add(learning.image.value)
    assert len(images) == 4
    # The last frame is the fitted model itself.
    assert f"training MSE = {float(dl.mse(fit_sine(4, 'relu', num_epochs=100)(X), y).value):.5f}" \
        in learning.text.value


def test_the_step_button_advances_one_snapshot_and_stops_at_the_end(learning):
    learning.controls["step"].value = 30
    learning.step_button.click()
    assert learning.controls["step"].value == 40 and "after 40 of 100" in learning.text.value
    learning.controls["step"].value = 100
    learning.step_button.click()
    assert learning.controls["step"].value == 100


def test_the_learning_widget_rejects_snapshots_that_do_not_divide_the_steps():
    with pytest.raises(ValueError, match="every"):
        learning_widget(num_hiddens=2, num_epochs=100, every=30)
    with pytest.raises(ValueError, match="activation"):
        learning_widget(activation="sigmoid")
