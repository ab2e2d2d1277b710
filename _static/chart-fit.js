// Fit a chart's words to the width it is drawn at, before vega-embed draws it: titles, subtitles and axis
// titles are broken into lines that fit (Vega cuts a line that runs past the chart instead of wrapping it),
// and legends get as many columns as fit, with labels allowed the width of one column.
// Used by every chart in the site and by the offline renderer in notebooks (llmecon.core.charts).
(function () {
  "use strict";
  var context = document.createElement("canvas").getContext("2d");
  // The same rule as llmecon.core.charts.LOG_LABEL: 100, 1K, 1M, 1B, 1T, then 10^15 and up.
  var LOG_LABEL = "datum.label === '' ? '' : abs(datum.value) >= 1e15 ? "
    + "(abs(log(abs(datum.value)) / LN10 - round(log(abs(datum.value)) / LN10)) < 1e-9 ? "
    + "'10^' + format(log(abs(datum.value)) / LN10, '.0f') : '') : "
    + "abs(datum.value) >= 1e3 ? replace(replace(format(datum.value, '.3~s'), 'G', 'B'), 'k', 'K') : datum.label";

  function measure(text, size, weight, font) {
    context.font = (weight || "normal") + " " + size + "px " + font;
    return context.measureText(text).width * 1.04;  // a little slack for font hinting
  }

  function wrap(text, size, weight, font, maxWidth) {
    var lines = [];
    (Array.isArray(text) ? text : [text]).forEach(function (line) {
      var current = "";
      String(line).split(" ").forEach(function (word) {
        var candidate = current ? current + " " + word : word;
        if (current && measure(candidate, size, weight, font) > maxWidth) {
          lines.push(current);
          current = word;
        } else {
          current = candidate;
        }
      });
      lines.push(current);
    });
    return lines.length === 1 ? lines[0] : lines;
  }

  function fitTitle(title, config, font, width) {
    if (!title) return title;
    var settings = config.title || {};
    if (typeof title === "string" || Array.isArray(title)) {
      return wrap(title, settings.fontSize || 13, "bold", font, width);
    }
    var fitted = Object.assign({}, title);
    if (fitted.text) fitted.text = wrap(fitted.text, fitted.fontSize || settings.fontSize || 13, "bold", font, width);
    if (fitted.subtitle) {
      fitted.subtitle = wrap(fitted.subtitle, fitted.subtitleFontSize || settings.subtitleFontSize || 11, "normal", font, width);
      if (!Array.isArray(fitted.subtitle)) fitted.subtitle = [fitted.subtitle];
    }
    return fitted;
  }

  function fitEncodings(node, config, font, width, height, legendExpr, axisExpr) {
    if (!node || typeof node !== "object") return;
    var axisSize = (config.axis || {}).titleFontSize || 11;
    var encoding = node.encoding || {};
    [["x", width], ["y", height], ["x2", width], ["y2", height], ["color", width], ["stroke", width], ["fill", width],
     ["shape", width], ["size", width], ["strokeDash", width], ["opacity", width]].forEach(function (pair) {
      var channel = encoding[pair[0]];
      if (!channel || typeof channel !== "object") return;
      if (typeof channel.title === "string") channel.title = wrap(channel.title, axisSize, "bold", font, pair[1]);
      if (channel.axis && typeof channel.axis.title === "string") {
        channel.axis.title = wrap(channel.axis.title, axisSize, "bold", font, pair[1]);
      }
      if (channel.legend && typeof channel.legend.title === "string") {
        channel.legend.title = wrap(channel.legend.title, axisSize, "bold", font, pair[1]);
      }
      // Log axes label powers of ten as 10^n, never in scientific notation (1e+19).
      var logAxis = (pair[0] === "x" || pair[0] === "y") && channel.scale && channel.scale.type === "log"
        && channel.axis !== null && !(channel.axis && (channel.axis.format || channel.axis.labelExpr));
      if (logAxis) channel.axis = Object.assign({}, channel.axis || {}, {labelExpr: LOG_LABEL});
      if (axisExpr && pair[0] === "y" && channel.axis !== null) {
        channel.axis = Object.assign({}, channel.axis || {}, {labelExpr: axisExpr});
      }
      if (legendExpr && pair[1] === width && ["x", "x2"].indexOf(pair[0]) < 0 && channel.legend !== null) {
        channel.legend = Object.assign({}, channel.legend || {}, {labelExpr: legendExpr, labelLimit: 0, columns: 1, direction: "vertical"});
      }
    });
    ["layer", "concat", "hconcat", "vconcat"].forEach(function (key) {
      (node[key] || []).forEach(function (child) { fitEncodings(child, config, font, width, height, legendExpr, axisExpr); });
    });
    if (node.spec) fitEncodings(node.spec, config, font, width, height, legendExpr, axisExpr);
  }

  // spec with its words fitted to `width` pixels; `plot` gives the plot's measured size after a first drawing
  // (axis titles then wrap to it exactly, legends drop to one column and long labels get the room they need).
  window.llmeconFit = function (spec, width, plot) {
    if (!width || width < 50) return spec;
    var fitted = JSON.parse(JSON.stringify(spec));
    var config = fitted.config || (fitted.config = {});
    var font = config.font || "sans-serif";
    fitted.title = fitTitle(fitted.title, config, font, width - 12);
    // Before the first drawing the plot's width is unknown: leave room for a y axis.
    var plotWidth = plot ? plot.width : Math.max(120, width - 140);
    var plotHeight = plot ? plot.height : (typeof fitted.height === "number" ? fitted.height : 300);
    // Legend entries too long for the room right of where the legend starts break into lines.
    var legendExpr = null;
    if (plot && plot.legendLabels && plot.legendLabels.length) {
      var labelSize = (config.legend || {}).labelFontSize || 11;
      legendExpr = plot.legendLabels.reduce(function (expression, entry) {
        var lines = wrap(entry.text, labelSize, "normal", font, entry.room);
        return Array.isArray(lines) ? "datum.label === " + JSON.stringify(entry.text) + " ? " + JSON.stringify(lines)
          + " : (" + expression + ")" : expression;
      }, "datum.label");
    }
    var axisExpr = null;
    if (plot && plot.axisLabels && plot.axisLabels.length) {
      var axisLabelSize = (config.axis || {}).labelFontSize || 10;
      axisExpr = plot.axisLabels.reduce(function (expression, text) {
        var lines = wrap(text, axisLabelSize, "normal", font, Math.round(width * 0.4));
        return Array.isArray(lines) ? "datum.label === " + JSON.stringify(text) + " ? " + JSON.stringify(lines)
          + " : (" + expression + ")" : expression;
      }, "datum.label");
    }
    fitEncodings(fitted, config, font, plotWidth, plotHeight, legendExpr, axisExpr);
    var legend = config.legend || (config.legend = {});
    var columnWidth = 200;
    legend.columns = plot ? 1 : Math.max(1, Math.min(legend.columns || 3, Math.floor((width - 20) / columnWidth)));
    legend.labelLimit = legend.columns === 1 ? width - 60 : columnWidth - 40;
    legend.titleLimit = width - 20;
    // Axis labels are never cut: long ones are measured on the first drawing and broken into lines.
    var axis = config.axis || (config.axis = {});
    axis.labelLimit = 0;
    if (plot) {
      // Data labels next to the plot's edges get the margin they overflowed by.
      fitted.padding = plot.padding;
    }
    return fitted;
  };

  // How far data labels (text marks) run past each edge of the chart, as a padding that makes room for
  // them. Titles, axes and legends are fitted by wrapping instead.
  function paddingFor(target) {
    var svg = target.querySelector("svg"), box = svg.getBoundingClientRect();
    var pad = {left: 5, right: 5, top: 5, bottom: 5};
    Array.prototype.forEach.call(svg.querySelectorAll(".mark-text.role-mark text"), function (text) {
      var r = text.getBoundingClientRect();
      if (!text.textContent.trim() || r.width === 0) return;
      // 10 px more than the overflow: the plot narrows with the margin, and labels move with it.
      pad.left = Math.max(pad.left, 10 + Math.ceil(box.left - r.left));
      pad.right = Math.max(pad.right, 10 + Math.ceil(r.right - box.right));
      pad.top = Math.max(pad.top, 10 + Math.ceil(box.top - r.top));
      pad.bottom = Math.max(pad.bottom, 10 + Math.ceil(r.bottom - box.bottom));
    });
    return pad;
  }

  // Words drawn outside the chart, or cut with an ellipsis.
  window.llmeconOverflow = function (target) {
    var svg = target.querySelector("svg");
    if (!svg) return [];
    var box = svg.getBoundingClientRect();
    return Array.prototype.filter.call(svg.querySelectorAll("text"), function (text) {
      var r = text.getBoundingClientRect(), words = text.textContent.trim();
      if (!words || r.width === 0) return false;
      return /\u2026$/.test(words) || r.left < box.left - 1 || r.right > box.right + 1 || r.top < box.top - 1 || r.bottom > box.bottom + 1;
    });
  };

  // Draw with vega-embed, fitted to the target's width; if any words still do not fit, draw once more
  // with the plot's measured size. The menu vega-embed adds on the right takes 38 px.
  // Legend labels that run past the chart's right edge, with the room they have from where they start.
  function legendLabels(target) {
    var svg = target.querySelector("svg"), box = svg.getBoundingClientRect();
    return Array.prototype.map.call(svg.querySelectorAll(".role-legend-label text"), function (text) {
      var r = text.getBoundingClientRect();
      return {text: text.textContent.replace(/\u2026$/, ""), room: box.right - r.left - 10, over: r.right > box.right - 1
              || /\u2026$/.test(text.textContent)};
    }).filter(function (entry) { return entry.over; });
  }

  // Axis labels wider than `room` (on a phone, long category names would leave no room for the plot).
  function longAxisLabels(target, room) {
    var labels = target.querySelectorAll("svg .role-axis-label text");
    return Array.prototype.filter.call(labels, function (text) {
      return text.getBoundingClientRect().width > room;
    }).map(function (text) { return text.textContent; });
  }

  // Each further drawing adds the margin still missing and wraps axis titles to the plot as last drawn
  // (which the margin narrows), up to four drawings.
  // Data labels set to the right of their point ("left"-aligned: the end of a line, a rule's name) that would
  // squeeze the plot below half the chart's width on a narrow screen are turned to the other side: they end
  // at their point and read inside the plot.
  function labelsInward(node) {
    if (!node || typeof node !== "object") return false;
    var turned = false, mark = node.mark;
    var type = typeof mark === "string" ? mark : mark && mark.type;
    if (type === "text" && typeof mark === "object" && mark.align === "left") {
      node.mark = Object.assign({}, mark, {align: "right", dx: -Math.abs(mark.dx || 0)});
      turned = true;
    }
    ["layer", "concat", "hconcat", "vconcat"].forEach(function (key) {
      (node[key] || []).forEach(function (child) { turned = labelsInward(child) || turned; });
    });
    return labelsInward(node.spec) || turned;
  }

  window.llmeconEmbed = function (target, spec, options) {
    var width = target.clientWidth - (options && options.actions === false ? 4 : 42);
    var padding = null, turned = false;
    function draw(fitted, attempt) {
      return vegaEmbed(target, fitted, options).then(function (result) {
        if (!turned && result.view.width() < width / 2) {
          var inward = JSON.parse(JSON.stringify(spec));
          turned = true;
          if (labelsInward(inward)) {
            spec = inward;
            padding = null;
            result.finalize();
            target.textContent = "";
            return draw(window.llmeconFit(spec, width), attempt + 1);
          }
        }
        if (attempt >= 5 || !(window.llmeconOverflow(target).length || longAxisLabels(target, width * 0.4).length)) return result;
        var missing = paddingFor(target);
        padding = padding ? {left: padding.left + missing.left - 5, right: padding.right + missing.right - 5,
                             top: padding.top + missing.top - 5, bottom: padding.bottom + missing.bottom - 5} : missing;
        var plot = {width: result.view.width(), height: result.view.height(), padding: padding,
                    legendLabels: legendLabels(target), axisLabels: longAxisLabels(target, width * 0.4)};
        result.finalize();
        target.textContent = "";
        return draw(window.llmeconFit(spec, width, plot), attempt + 1);
      });
    }
    return draw(window.llmeconFit(spec, width), 1);
  };
})();
