// Vega 6.4.0 with the transforms the book's charts use (no geo, force, hierarchy, label,
// regression, voronoi, wordcloud, crossfilter transforms): the global `vega` with View and parse.
import {extend} from 'vega-util';
import {transforms} from 'vega-dataflow';
import * as tx from 'vega-transforms';
import * as vtx from 'vega-view-transforms';
import * as encode from 'vega-encode';
extend(transforms, tx, vtx, encode);
export {View} from 'vega-view';
export {parse} from 'vega-parser';
export const version = '6.4.0-meekbook';
